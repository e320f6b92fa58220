/**
 * A run's figures in the Prometheus text format: written for a textfile collector, pushed
 * to a Pushgateway.
 */
package io.keysweep.metrics;

/**
 * A run's figures in the Prometheus text format: written for a textfile collector, pushed
 * to a Pushgateway, served by the daemon; and the same figures exported over OTLP.
 */
package io.keysweep.metrics;

/** A run's figures written in the Prometheus text format, for a textfile collector. */
package io.keysweep.metrics;

/**
 * Progress of a running sweep on the terminal or in the log, with an estimate of the
 * keyspace left.
 */
package io.keysweep.progress;

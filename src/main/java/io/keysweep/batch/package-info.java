/**
 * The Spring Batch wiring: assembles a definition into a job of chunk steps (reader,
 * processor, writer, listeners).
 */
package io.keysweep.batch;

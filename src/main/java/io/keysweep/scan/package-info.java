/**
 * The readers: SCAN and SSCAN a page at a time, each page looked up in one pipeline,
 * restartable from a checkpoint.
 */
package io.keysweep.scan;

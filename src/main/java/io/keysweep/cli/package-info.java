/**
 * The picocli command line: parses what the operator asks, runs it, and words the outcome
 * and its exit code.
 */
package io.keysweep.cli;

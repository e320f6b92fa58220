package io.keysweep.batch;

/**
 * What an audit measures beside the counts.
 *
 * @param memorySamples keys measured with MEMORY USAGE per execution at the most
 * @param idleTime whether to ask each key's OBJECT IDLETIME
 * @param patterns patterns the census keeps a row for; the rest count under (other)
 */
public record AuditOptions(int memorySamples, boolean idleTime, int patterns) {
}

/**
 * The writers: EXPIRE in pipelined chunks, only where a key still has no TTL, and SREM of
 * stale dead-set members; and the record of a chunk's keys committed before its EXPIREs.
 */
package io.keysweep.expire;

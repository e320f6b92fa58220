/**
 * The writers: EXPIRE in pipelined chunks, only where a key still has no TTL, and SREM of
 * stale dead-set members.
 */
package io.keysweep.expire;

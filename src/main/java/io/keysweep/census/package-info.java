/**
 * The census of an audit: per key pattern, keys by type and by TTL, and memory from a
 * sample, in a table of bounded size that is committed with every chunk.
 */
package io.keysweep.census;

/**
 * Names the pattern a key counts under in an audit: the key's name with its id-like parts
 * replaced by {@code *}. Plain Java, no Redis, no Spring.
 */
package io.keysweep.pattern;

/**
 * Decides, in memory and in plain Java, what each key or set member is and which expiry
 * it gets.
 */
package io.keysweep.classify;

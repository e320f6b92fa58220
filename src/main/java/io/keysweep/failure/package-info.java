/**
 * The one error type that means "the operator has to act": every package may throw it,
 * the CLI words it.
 */
package io.keysweep.failure;

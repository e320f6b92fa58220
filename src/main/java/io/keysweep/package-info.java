/**
 * keysweep: a restartable Spring Batch sweep that gives leaked Redis keys an expiry; the
 * application's entry point.
 */
package io.keysweep;

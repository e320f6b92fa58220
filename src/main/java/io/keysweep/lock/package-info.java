/**
 * The per-job lock in Redis that keeps two sweeps of one job apart, renewed while a sweep
 * holds it.
 */
package io.keysweep.lock;

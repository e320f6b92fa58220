/**
 * What a sweep counts (totals, classes, sample keys, memory), committed with each chunk.
 */
package io.keysweep.tally;

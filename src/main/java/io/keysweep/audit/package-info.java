/**
 * Runs audits (read-only censuses of a keyspace), compares each with the previous audit
 * of the same Redis, names the suspected leaks and writes job definitions to fix them.
 */
package io.keysweep.audit;

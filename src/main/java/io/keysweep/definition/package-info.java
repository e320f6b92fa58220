/**
 * The job definition model: reads and checks the YAML files of the jobs directory; no
 * Spring Batch.
 */
package io.keysweep.definition;

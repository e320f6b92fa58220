/** Starts, resumes and stops sweeps against the job repository, under the job's lock. */
package io.keysweep.run;

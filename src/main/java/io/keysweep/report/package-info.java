/** Reports of past runs read from the job repository: summary, text, JSON and HTML. */
package io.keysweep.report;

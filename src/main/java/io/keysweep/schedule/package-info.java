/** The daemon that runs jobs at their cron schedules. */
package io.keysweep.schedule;

/**
 * Keeps a sweep gentle: a rate limit in keys per second, a back-off while Redis answers
 * slowly, and a budget for how long one SCAN, or one pipeline of EXPIREs, may hold Redis.
 */
package io.keysweep.throttle;

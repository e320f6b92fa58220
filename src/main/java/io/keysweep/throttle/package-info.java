/**
 * Keeps a sweep gentle: a rate limit in keys per second and a back-off while Redis
 * answers slowly.
 */
package io.keysweep.throttle;

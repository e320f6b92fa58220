/**
 * Notifications: a short message to a webhook (Slack's, or any that takes JSON) when a
 * run crosses an alert threshold or fails.
 */
package io.keysweep.notify;

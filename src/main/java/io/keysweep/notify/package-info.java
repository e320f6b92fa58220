/**
 * Notifications: a short message to a webhook (Slack's, or any that takes JSON) when a
 * sweep crosses an alert threshold or fails, or an audit that alerts suspects a leak or
 * fails.
 */
package io.keysweep.notify;

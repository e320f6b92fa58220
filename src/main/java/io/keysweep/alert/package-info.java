/**
 * Alert thresholds checked after a completed sweep, and the alerts a run crossed as its
 * step records them.
 */
package io.keysweep.alert;

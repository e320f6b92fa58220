/**
 * Checks that keep the documentation true: its links, its commands, its references to the
 * deployment files.
 */
package io.keysweep.docs;

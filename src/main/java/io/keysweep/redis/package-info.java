/**
 * Connections to Redis (standalone, Sentinel, Cluster, TLS, ACL users) and what keysweep
 * learns of the server.
 */
package io.keysweep.redis;

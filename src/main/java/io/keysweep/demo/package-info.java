/** A throwaway Redis with a made-up Sidekiq keyspace, for keysweep demo. */
package io.keysweep.demo;

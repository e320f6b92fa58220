package io.keysweep.classify;

/**
 * A member of Sidekiq Pro's dead-batch set ({@code batch-died}) and what the reader found
 * of its batch.
 *
 * @param member the bid, as stored in the set
 * @param batchExists whether the batch hash {@code b-<bid>} still exists
 * @param createdAt the hash's {@code created_at} (epoch seconds), or NaN when absent or
 * unreadable
 */
public record MemberFacts(byte[] member, boolean batchExists, double createdAt) {
}

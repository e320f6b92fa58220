package io.keysweep.classify;

import java.util.Arrays;

/**
 * Parses Sidekiq Pro batch key names, {@code [namespace:]b-<bid>-<suffix>}, on bytes. The bid is 14 URL-safe
 * base64 characters (Pro 2.0 and later; may contain '-' and '_') or 16 hex digits (Pro 1.x), optionally followed
 * by a shard suffix {@code @@<n>}. Names are never split on '-': the bid is matched at its fixed width.
 */
final class BatchKeyName {

    private static final int URL_SAFE_BID = 14;
    private static final int HEX_BID = 16;

    private BatchKeyName() {
    }

    /**
     * The batch hash key {@code [namespace:]b-<bid>} for a key named {@code [namespace:]b-<bid><suffix>},
     * or null when the name is not such a key.
     */
    static byte[] batchHashOf(byte[] key, byte[] suffix) {
        int bodyEnd = key.length - suffix.length;
        if (bodyEnd <= 0 || !Arrays.equals(key, bodyEnd, key.length, suffix, 0, suffix.length)) {
            return null;
        }
        int bidEnd = shardSuffixStart(key, bodyEnd);
        if (hasBid(key, bidEnd, URL_SAFE_BID, BatchKeyName::isUrlSafe)
                || hasBid(key, bidEnd, HEX_BID, BatchKeyName::isLowerHex)) {
            return Arrays.copyOf(key, bodyEnd);
        }
        return null;
    }

    /** Where {@code @@<digits>} starts right before {@code end}, or {@code end} when there is none. */
    private static int shardSuffixStart(byte[] key, int end) {
        int i = end;
        while (i > 0 && key[i - 1] >= '0' && key[i - 1] <= '9') {
            i--;
        }
        if (i < end && i >= 2 && key[i - 1] == '@' && key[i - 2] == '@') {
            return i - 2;
        }
        return end;
    }

    private static boolean hasBid(byte[] key, int bidEnd, int width, BytePredicate allowed) {
        int bidStart = bidEnd - width;
        int prefixEnd = bidStart - 2;
        if (prefixEnd < 0 || key[prefixEnd] != 'b' || key[prefixEnd + 1] != '-') {
            return false;
        }
        // a namespace (redis-namespace) ends with ':'; anything else before "b-" is not a batch key
        if (prefixEnd > 0 && key[prefixEnd - 1] != ':') {
            return false;
        }
        for (int i = bidStart; i < bidEnd; i++) {
            if (!allowed.test(key[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUrlSafe(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
    }

    private static boolean isLowerHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
    }

    @FunctionalInterface
    private interface BytePredicate {
        boolean test(byte b);
    }
}

package io.keysweep.classify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Sidekiq Pro batch key name, {@code [namespace:]b-<bid>[-<suffix>]}, parsed on bytes.
 * The bid is 14 URL-safe base64 characters (Pro 2.0 and later; may contain '-' and '_')
 * or 16 hex digits (Pro 1.x), optionally followed by a shard suffix {@code @@<n>}. Names
 * are never split on '-': the bid is matched at its fixed width.
 *
 * @param batchHash the batch's hash key, {@code [namespace:]b-<bid>}
 * @param suffix what follows the bid and its '-', e.g. {@code notify}; empty for the hash
 * itself
 */
public record BatchKeyName(byte[] batchHash, String suffix) {

	private static final int URL_SAFE_BID = 14;

	private static final int HEX_BID = 16;

	/** The parsed name, or null when the key is not named like a batch key. */
	public static BatchKeyName parse(byte[] key) {
		for (int start = 0; start + 2 < key.length; start++) {
			// "b-" starts the key or follows a namespace, which ends with ':'
			if (key[start] != 'b' || key[start + 1] != '-' || (start > 0 && key[start - 1] != ':')) {
				continue;
			}
			int bidEnd = bidEnd(key, start + 2);
			if (bidEnd < 0) {
				continue;
			}
			if (bidEnd == key.length) {
				return new BatchKeyName(key, "");
			}
			if (key[bidEnd] == '-' && bidEnd + 1 < key.length) {
				return new BatchKeyName(Arrays.copyOf(key, bidEnd),
						new String(key, bidEnd + 1, key.length - bidEnd - 1, StandardCharsets.ISO_8859_1));
			}
		}
		return null;
	}

	/**
	 * Where the bid that starts at {@code from} ends, shard suffix included, or -1 when
	 * there is no bid.
	 */
	private static int bidEnd(byte[] key, int from) {
		for (int width : new int[] { URL_SAFE_BID, HEX_BID }) {
			int end = from + width;
			if (end > key.length || !allMatch(key, from, end, width == HEX_BID)) {
				continue;
			}
			end = afterShardSuffix(key, end);
			if (end == key.length || key[end] == '-') {
				return end;
			}
		}
		return -1;
	}

	private static int afterShardSuffix(byte[] key, int at) {
		if (at + 2 < key.length && key[at] == '@' && key[at + 1] == '@' && isDigit(key[at + 2])) {
			int end = at + 2;
			while (end < key.length && isDigit(key[end])) {
				end++;
			}
			return end;
		}
		return at;
	}

	private static boolean allMatch(byte[] key, int from, int to, boolean hex) {
		for (int i = from; i < to; i++) {
			byte b = key[i];
			boolean ok = hex ? (isDigit(b) || (b >= 'a' && b <= 'f'))
					: (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || isDigit(b) || b == '-' || b == '_';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}
}

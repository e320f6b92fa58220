package io.keysweep.progress;

/**
 * Matches key bytes against a SCAN MATCH pattern the way Redis does: {@code *},
 * {@code ?}, {@code [abc]}, {@code [^abc]}, {@code [a-z]} and {@code \} to escape. Used
 * to tell which share of a random sample of keys a sweep's pattern covers.
 */
final class RedisGlob {

	private final byte[] pattern;

	RedisGlob(byte[] pattern) {
		this.pattern = pattern;
	}

	boolean matches(byte[] key) {
		int p = 0;
		int k = 0;
		// where to resume after the last '*': the pattern after it, and the next key
		// position it may swallow
		int starP = -1;
		int starK = -1;
		while (k < key.length) {
			if (p < pattern.length && pattern[p] == '*') {
				starP = ++p;
				starK = k;
			}
			else if (p < pattern.length && matchesOne(p, key[k])) {
				p = next(p);
				k++;
			}
			else if (starP >= 0) {
				p = starP;
				k = ++starK;
			}
			else {
				return false;
			}
		}
		while (p < pattern.length && pattern[p] == '*') {
			p++;
		}
		return p == pattern.length;
	}

	/** Whether the pattern element at {@code p} (not a '*') matches one byte. */
	private boolean matchesOne(int p, byte b) {
		return switch (pattern[p]) {
			case '?' -> true;
			case '[' -> inSet(p, b);
			case '\\' -> p + 1 < pattern.length ? pattern[p + 1] == b : b == '\\';
			default -> pattern[p] == b;
		};
	}

	/** The position after the pattern element at {@code p}. */
	private int next(int p) {
		if (pattern[p] == '\\') {
			return Math.min(p + 2, pattern.length);
		}
		if (pattern[p] != '[') {
			return p + 1;
		}
		int i = p + 1;
		if (i < pattern.length && pattern[i] == '^') {
			i++;
		}
		while (i < pattern.length && pattern[i] != ']') {
			i += pattern[i] == '\\' && i + 1 < pattern.length ? 2 : 1;
		}
		return Math.min(i + 1, pattern.length);
	}

	private boolean inSet(int p, byte b) {
		int i = p + 1;
		boolean negate = i < pattern.length && pattern[i] == '^';
		if (negate) {
			i++;
		}
		int c = b & 0xff;
		boolean found = false;
		while (i < pattern.length && pattern[i] != ']') {
			if (pattern[i] == '\\' && i + 1 < pattern.length) {
				found |= (pattern[i + 1] & 0xff) == c;
				i += 2;
			}
			else if (i + 2 < pattern.length && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
				int from = pattern[i] & 0xff;
				int to = pattern[i + 2] & 0xff;
				found |= c >= Math.min(from, to) && c <= Math.max(from, to);
				i += 3;
			}
			else {
				found |= (pattern[i] & 0xff) == c;
				i++;
			}
		}
		return negate != found;
	}

}

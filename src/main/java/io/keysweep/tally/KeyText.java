package io.keysweep.tally;

import java.util.Arrays;

/**
 * Prints a binary key safely: printable ASCII as is, backslash and anything else as
 * {@code \xNN}.
 */
public final class KeyText {

	/**
	 * Bytes of a key a sample keeps: a key name may be megabytes long, and samples are
	 * stored in the job repository and printed in every report.
	 */
	static final int SAMPLE_BYTES = 256;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private KeyText() {
	}

	/**
	 * A key as reports show it: escaped, and a longer key cut to its first
	 * {@value #SAMPLE_BYTES} bytes followed by {@code ...(N bytes)}.
	 */
	public static String sample(byte[] key) {
		if (key.length <= SAMPLE_BYTES) {
			return escape(key);
		}
		return escape(Arrays.copyOf(key, SAMPLE_BYTES)) + "...(" + key.length + " bytes)";
	}

	private static String escape(byte[] key) {
		StringBuilder out = new StringBuilder(key.length + 8);
		for (byte b : key) {
			int c = b & 0xff;
			if (c >= 0x20 && c < 0x7f && c != '\\') {
				out.append((char) c);
			}
			else {
				out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
			}
		}
		return out.toString();
	}

}

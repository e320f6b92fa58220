package io.keysweep.tally;

/**
 * Prints a binary key safely: printable ASCII as is, backslash and anything else as
 * {@code \xNN}.
 */
public final class KeyText {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private KeyText() {
	}

	public static String escape(byte[] key) {
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

package io.keysweep.definition;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as job definitions write them: a whole number and one unit, {@code 30d},
 * {@code 12h}, {@code 15m}, {@code 3600s}.
 */
public final class Durations {

	private static final Pattern FORMAT = Pattern.compile("(-?\\d+)([dhms])");

	private Durations() {
	}

	/**
	 * @return seconds, always positive
	 * @throws IllegalArgumentException saying what is wrong with the text
	 */
	public static long parseSeconds(String text) {
		Matcher m = FORMAT.matcher(text.trim());
		if (!m.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a duration (write e.g. 30d, 12h, 15m or 3600s)");
		}
		long n;
		try {
			n = Long.parseLong(m.group(1));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + text + "' is too large");
		}
		if (n <= 0) {
			throw new IllegalArgumentException("'" + text + "' must be longer than zero");
		}
		long unit = switch (m.group(2)) {
			case "d" -> 86_400;
			case "h" -> 3_600;
			case "m" -> 60;
			default -> 1;
		};
		try {
			return Math.multiplyExact(n, unit);
		}
		catch (ArithmeticException e) {
			throw new IllegalArgumentException("'" + text + "' is too large");
		}
	}

}

package io.keysweep.pattern;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.classify.BatchKeyName;

/**
 * The pattern of a key name: what an audit counts it under. Known shapes are recognised
 * exactly (Sidekiq Pro batch keys, whose bids may contain '-' and '_', with their
 * redis-namespace prefix; a Sidekiq process's heartbeat keys); every other name goes
 * through a general rule that keeps the words and replaces the ids: UUIDs, timestamps,
 * numbers, dates, IP addresses, hex and base64-ish tokens. src/docs/audit.md states the
 * rule and its limits.
 */
public final class KeyPattern {

	/** What every key whose name is not text, with no text before it, counts under. */
	public static final String BINARY = "(binary)";

	/**
	 * Longer patterns are cut and end in {@code *}: a census holds a bounded number of
	 * patterns, each of bounded size.
	 */
	public static final int MAX_LENGTH = 120;

	private static final String ANY = "*";

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern TIMESTAMP = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?");

	/**
	 * A key of the open-source sidekiq-batch gem, {@code BID-<14 URL-safe base64>} and
	 * its {@code -jids}, {@code -success}... companions.
	 */
	private static final Pattern SIDEKIQ_BATCH_GEM = Pattern.compile("(.*:)?BID-[A-Za-z0-9_-]{14}(-[a-z_-]+)?");

	/**
	 * A Sidekiq process's heartbeat hash, {@code <hostname>:<pid>:<12 hex>}, and its
	 * {@code :work} hash; the hostname is whatever follows the namespace.
	 */
	private static final Pattern SIDEKIQ_PROCESS = Pattern.compile("(.*:)?[^:]+:\\d+:[0-9a-f]{12}(:work)?");

	/** Separators of a name's segments: each segment is judged on its own. */
	private static final String SEGMENT_SEPARATORS = ":/|=,;# ";

	/** Separators inside a segment, as in {@code page-42} or {@code user_42.json}. */
	private static final String PART_SEPARATORS = "-_.";

	/** Digits with dots, dashes and the like: dates, IP addresses, versions, numbers. */
	private static final Pattern NUMERIC = Pattern.compile("[0-9]+([-_.+][0-9]+)*");

	private static final Pattern HEX = Pattern.compile("(0x)?[0-9a-fA-F]{8,}");

	private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_+/=-]{10,}");

	/**
	 * A word as people write them in key names: {@code notify}, {@code NOTIFY},
	 * {@code ProcessPaymentJob}; each capital of a CamelCase word starts a hump of three
	 * letters or more, which a random token seldom has.
	 */
	private static final Pattern WORD = Pattern.compile("[a-z]+|[A-Z]+|[a-z]*([A-Z][a-z]{2,})+");

	private static final Pattern SIMPLE_WORD = Pattern.compile("[A-Z]?[a-z]+|[A-Z]+");

	private static final int BID_WIDTH = 14;

	private static final Pattern HUMPS = Pattern.compile("(?=[A-Z][a-z])");

	private static final Pattern VOWEL = Pattern.compile("[aeiouyAEIOUY]");

	/** Stars joined only by separators are one id: {@code *-*} is {@code *}. */
	private static final Pattern STAR_RUN = Pattern.compile("\\*([-_.+]\\*)+");

	private KeyPattern() {
	}

	/** The pattern of this key name. */
	public static String of(byte[] key) {
		String text = text(key);
		if (text == null) {
			int printable = printablePrefix(key);
			return printable == 0 ? BINARY
					: capped(ofText(new String(key, 0, printable, StandardCharsets.US_ASCII)) + ANY);
		}
		return capped(ofText(text));
	}

	private static String ofText(String name) {
		BatchKeyName batch = BatchKeyName.parse(name.getBytes(StandardCharsets.UTF_8));
		if (batch != null) {
			String hash = new String(batch.batchHash(), StandardCharsets.UTF_8);
			String namespace = hash.substring(0, hash.lastIndexOf(':') + 1);
			return ofText(namespace) + "b-*" + (batch.suffix().isEmpty() ? "" : "-" + batch.suffix());
		}
		Matcher gem = SIDEKIQ_BATCH_GEM.matcher(name);
		if (gem.matches()) {
			String namespace = gem.group(1) == null ? "" : gem.group(1);
			return ofText(namespace) + "BID-*" + (gem.group(2) == null ? "" : gem.group(2));
		}
		Matcher process = SIDEKIQ_PROCESS.matcher(name);
		if (process.matches()) {
			String namespace = process.group(1) == null ? "" : process.group(1);
			return ofText(namespace) + "*:*:*" + (process.group(2) == null ? "" : process.group(2));
		}
		return general(name);
	}

	private static String general(String name) {
		// both have a '-': most names have none, and skip two regular expressions
		String masked = name.indexOf('-') < 0 ? name
				: TIMESTAMP.matcher(UUID.matcher(name).replaceAll(ANY)).replaceAll(ANY);
		StringBuilder pattern = new StringBuilder(masked.length());
		for (String segment : split(masked, SEGMENT_SEPARATORS)) {
			pattern.append(segment(segment));
		}
		return pattern.toString();
	}

	/**
	 * The text cut before and after each of the separators, each separator a piece of its
	 * own: {@code a:b} gives {@code a}, {@code :}, {@code b}. A loop rather than a split
	 * on a regular expression with lookarounds, which took most of an audit's time.
	 */
	private static List<String> split(String text, String separators) {
		List<String> pieces = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			if (separators.indexOf(text.charAt(i)) >= 0) {
				if (i > start) {
					pieces.add(text.substring(start, i));
				}
				pieces.add(text.substring(i, i + 1));
				start = i + 1;
			}
		}
		if (start < text.length() || pieces.isEmpty()) {
			pieces.add(text.substring(start));
		}
		return pieces;
	}

	private static String segment(String segment) {
		if (segment.length() == 1 && !Character.isLetterOrDigit(segment.charAt(0))) {
			return segment;
		}
		if (isId(segment)) {
			return ANY;
		}
		StringBuilder parts = new StringBuilder(segment.length());
		for (String part : split(segment, PART_SEPARATORS)) {
			parts.append(isId(part) ? ANY : part);
		}
		return STAR_RUN.matcher(parts).replaceAll(ANY);
	}

	/**
	 * Numbers, dates and addresses; hex of 8 or more digits with a digit in it; and
	 * tokens: 10 or more base64 characters mixing two of upper case, lower case and
	 * digits, in a way no word does.
	 */
	static boolean isId(String s) {
		if (NUMERIC.matcher(s).matches()) {
			return true;
		}
		if (HEX.matcher(s).matches() && s.chars().anyMatch(Character::isDigit)) {
			return true;
		}
		if (!TOKEN_CHARS.matcher(s).matches() || !mixesClasses(s)) {
			return false;
		}
		// the width of a Sidekiq bid and of Ruby's urlsafe_base64(10): words only as
		// simple as "Notify" or "notify_all" keep such a segment
		return s.length() == BID_WIDTH ? !allWords(s, SIMPLE_WORD) : !allWords(s, WORD);
	}

	private static boolean mixesClasses(String s) {
		int classes = (s.chars().anyMatch(Character::isUpperCase) ? 1 : 0)
				+ (s.chars().anyMatch(Character::isLowerCase) ? 1 : 0)
				+ (s.chars().anyMatch(Character::isDigit) ? 1 : 0);
		return classes >= 2;
	}

	private static boolean allWords(String s, Pattern word) {
		for (String part : s.split("[-_.+/=]+")) {
			if (!part.isEmpty() && !isWord(part, word)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Shaped like a word, and every stretch of three letters or more between capitals has
	 * a vowel, as words do and random letters often do not.
	 */
	private static boolean isWord(String part, Pattern word) {
		if (!word.matcher(part).matches()) {
			return false;
		}
		for (String hump : HUMPS.split(part)) {
			if (hump.length() >= 3 && !VOWEL.matcher(hump).find()) {
				return false;
			}
		}
		return true;
	}

	/** The name as text, or null when it is not UTF-8 or holds control characters. */
	private static String text(byte[] key) {
		if (printablePrefix(key) == key.length) {
			// printable ASCII, as most names are, is UTF-8 without a control character
			return new String(key, StandardCharsets.US_ASCII);
		}
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(key))
				.toString();
			return text.chars().anyMatch(Character::isISOControl) ? null : text;
		}
		catch (CharacterCodingException notText) {
			return null;
		}
	}

	private static int printablePrefix(byte[] key) {
		int i = 0;
		while (i < key.length && key[i] >= 0x20 && key[i] < 0x7f) {
			i++;
		}
		return i;
	}

	private static String capped(String pattern) {
		if (pattern.length() <= MAX_LENGTH) {
			return pattern;
		}
		int end = MAX_LENGTH - 1;
		if (Character.isLowSurrogate(pattern.charAt(end))) {
			end--;
		}
		return pattern.substring(0, end) + ANY;
	}

}

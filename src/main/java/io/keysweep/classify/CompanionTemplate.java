package io.keysweep.classify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * A companion key built from a swept key's name: {@code b-${bid}} with {@code bid} a
 * named group of the rule's key pattern.
 */
public final class CompanionTemplate {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

	private final String text;

	private final List<String> literals = new ArrayList<>();

	private final List<String> groups = new ArrayList<>();

	private CompanionTemplate(String text) {
		this.text = text;
	}

	/**
	 * @param key the rule's key pattern (may be null when the template names no group)
	 * @throws IllegalArgumentException when the template names a group the pattern does
	 * not have
	 */
	public static CompanionTemplate parse(String template, Pattern key) {
		CompanionTemplate parsed = new CompanionTemplate(template);
		Matcher m = PLACEHOLDER.matcher(template);
		int at = 0;
		while (m.find()) {
			String group = m.group(1);
			if (key == null || !key.namedGroups().containsKey(group)) {
				throw new IllegalArgumentException("'${" + group + "}' is not a named group of the rule's key pattern"
						+ " (write it as (?<" + group + ">...) or (?P<" + group + ">...) in when.key)");
			}
			parsed.literals.add(template.substring(at, m.start()));
			parsed.groups.add(group);
			at = m.end();
		}
		parsed.literals.add(template.substring(at));
		return parsed;
	}

	@Override
	public String toString() {
		return text;
	}

	/**
	 * @param matcher a successful match of the rule's key pattern (null when the template
	 * names no group)
	 */
	byte[] expand(Matcher matcher) {
		StringBuilder key = new StringBuilder(literals.get(0));
		for (int i = 0; i < groups.size(); i++) {
			key.append(matcher.group(groups.get(i))).append(literals.get(i + 1));
		}
		return key.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

}

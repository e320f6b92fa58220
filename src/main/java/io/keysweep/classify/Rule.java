package io.keysweep.classify;

import java.nio.charset.StandardCharsets;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * One rule of a rule-based job definition: the class it gives, the conditions a key must
 * meet (all of them), and what happens to such a key. Rules are tried in order; the first
 * that matches decides.
 *
 * <p>
 * Key patterns see a key's bytes as ISO-8859-1 characters, one character per byte, so any
 * binary key can be matched and a companion key built from its groups comes back byte for
 * byte. They are RE2 patterns, matched without backtracking: a key costs time linear in
 * its length whatever the pattern, so no rule can hang a sweep.
 */
public record Rule(String keyClass, When when, Action action) {

	/** What a key must be like; null fields are not checked. */
	public record When(Ttl ttl, String type, Long idleOverSeconds, Pattern key, CompanionTemplate companion,
			Boolean companionExists) {

		public static final When ANY = new When(null, null, null, null, null, null);

		public boolean isCatchAll() {
			return equals(ANY);
		}
	}

	/** {@code ttl: none}, {@code ttl: over 7d} or {@code ttl: under 1h}. */
	public record Ttl(Kind kind, long seconds) {

		public enum Kind {

			NONE, OVER, UNDER

		}

		boolean test(long pttl) {
			return switch (kind) {
				case NONE -> pttl == -1;
				case OVER -> pttl > seconds * 1000;
				case UNDER -> pttl >= 0 && pttl < seconds * 1000;
			};
		}
	}

	public record Action(Kind kind, long seconds) {

		public enum Kind {

			EXPIRE, CLAMP, KEEP

		}

		public static final Action KEEP = new Action(Kind.KEEP, 0);

	}

	/**
	 * The rule in one line, e.g. {@code no-ttl-session when {ttl NONE, type string}
	 * expire 1209600s}.
	 */
	public String describe() {
		StringBuilder when = new StringBuilder();
		if (this.when.ttl() != null) {
			when.append(", ttl ")
				.append(this.when.ttl().kind())
				.append(' ')
				.append(this.when.ttl().seconds())
				.append('s');
		}
		if (this.when.type() != null) {
			when.append(", type ").append(this.when.type());
		}
		if (this.when.idleOverSeconds() != null) {
			when.append(", idle-over ").append(this.when.idleOverSeconds()).append('s');
		}
		if (this.when.key() != null) {
			when.append(", key ").append(this.when.key().pattern());
		}
		if (this.when.companion() != null) {
			when.append(this.when.companionExists() ? ", companion-exists " : ", companion-missing ")
				.append(this.when.companion());
		}
		return keyClass + (when.isEmpty() ? "" : " when {" + when.substring(2) + "}") + " "
				+ action.kind().name().toLowerCase(java.util.Locale.ROOT)
				+ (action.kind() == Action.Kind.KEEP ? "" : " " + action.seconds() + "s");
	}

	/**
	 * The companion this rule looks up for a key, or null when the rule needs none or
	 * does not apply.
	 */
	Companion companionOf(String name) {
		if (when.companion() == null) {
			return null;
		}
		if (when.key() == null) {
			return new Companion(when.companion().expand(null), null);
		}
		Matcher matcher = when.key().matcher(name);
		return matcher.matches() ? new Companion(when.companion().expand(matcher), null) : null;
	}

	boolean matches(KeyFacts facts, String name, KeyFacts.CompanionFacts companion) {
		if (when.ttl() != null && !when.ttl().test(facts.pttl())) {
			return false;
		}
		if (when.type() != null && !when.type().equals(facts.type())) {
			return false;
		}
		if (when.idleOverSeconds() != null && facts.idleSeconds() <= when.idleOverSeconds()) {
			return false;
		}
		if (when.key() != null && !when.key().matcher(name).matches()) {
			return false;
		}
		return when.companionExists() == null || (companion != null && companion.exists() == when.companionExists());
	}

	Verdict verdict(long pttl) {
		return switch (action.kind()) {
			case KEEP -> Verdict.leave(keyClass);
			// an expiry is only ever added: a key that has one keeps it
			case EXPIRE -> pttl == -1 ? Verdict.expire(keyClass, action.seconds()) : Verdict.leave(keyClass);
			case CLAMP -> pttl == -1 || pttl > action.seconds() * 1000 ? Verdict.clamp(keyClass, action.seconds())
					: Verdict.leave(keyClass);
		};
	}

	static String latin1(byte[] key) {
		return new String(key, StandardCharsets.ISO_8859_1);
	}
}

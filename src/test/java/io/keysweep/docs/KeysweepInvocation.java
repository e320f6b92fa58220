package io.keysweep.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A keysweep command line written in a document or a deployment file:
 * {@code keysweep ARGS}, the build's launcher {@code target/keysweep/bin/keysweep ARGS},
 * or {@code java [JVM options] -jar .../keysweep.jar ARGS}, after any {@code NAME=value}
 * environment assignments, at the start of a shell line or after {@code &&}. The jar's
 * tools mode ({@code -Djarmode=...}) is not keysweep. A trailing {@code # exit N} gives
 * the exit code the line is documented to end with (0 when absent).
 *
 * @param where the document and line, for messages
 * @param args what follows {@code keysweep} or the jar, up to a comment or a redirection
 * @param exitCode the documented exit code
 */
record KeysweepInvocation(String where, List<String> args, int exitCode) {

	private static final Pattern EXIT = Pattern.compile("#\\s*exit (\\d+)\\b.*$");

	private static final Pattern TOKEN = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)");

	/**
	 * The keysweep invocations of one shell line (none, or one per {@code &&}-separated
	 * part that is one).
	 */
	static List<KeysweepInvocation> in(String line, String where) {
		Matcher exit = EXIT.matcher(line);
		int exitCode = exit.find() ? Integer.parseInt(exit.group(1)) : 0;
		String command = line.replaceFirst("(^|\\s)#.*$", "");
		List<KeysweepInvocation> found = new ArrayList<>();
		for (String part : command.split("&&")) {
			args(tokens(part)).ifPresent(args -> found.add(new KeysweepInvocation(where, args, exitCode)));
		}
		return found;
	}

	/** The arguments given to keysweep, when the tokens invoke it. */
	static Optional<List<String>> args(List<String> tokens) {
		int at = 0;
		while (at < tokens.size() && tokens.get(at).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
			at++; // environment assignments
		}
		if (at == tokens.size()) {
			return Optional.empty();
		}
		if (tokens.get(at).equals("keysweep") || tokens.get(at).endsWith("/bin/keysweep")) {
			return Optional.of(untilRedirection(tokens.subList(at + 1, tokens.size())));
		}
		if (!tokens.get(at).equals("java") && !tokens.get(at).endsWith("/java")) {
			return Optional.empty();
		}
		for (int i = at + 1; i < tokens.size() - 1; i++) {
			if (tokens.get(i).startsWith("-Djarmode")) {
				return Optional.empty();
			}
			if (tokens.get(i).equals("-jar")) {
				return tokens.get(i + 1).endsWith("keysweep.jar")
						? Optional.of(untilRedirection(tokens.subList(i + 2, tokens.size()))) : Optional.empty();
			}
		}
		return Optional.empty();
	}

	static List<String> tokens(String shell) {
		List<String> tokens = new ArrayList<>();
		Matcher token = TOKEN.matcher(shell);
		while (token.find()) {
			tokens.add(
					token.group(1) != null ? token.group(1) : token.group(2) != null ? token.group(2) : token.group(3));
		}
		return tokens;
	}

	private static List<String> untilRedirection(List<String> tokens) {
		List<String> args = new ArrayList<>();
		for (String token : tokens) {
			if (token.matches("\\d?>.*|\\|")) {
				break;
			}
			args.add(token);
		}
		return args;
	}

	@Override
	public String toString() {
		return where + ": keysweep " + String.join(" ", args) + (exitCode == 0 ? "" : "  # exit " + exitCode);
	}
}

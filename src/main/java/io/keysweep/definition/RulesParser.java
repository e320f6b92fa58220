package io.keysweep.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.keysweep.classify.CompanionTemplate;
import io.keysweep.classify.Rule;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a definition's {@code rules:} list. The syntax is a contract users' files rely
 * on: extend it, never change what a field means.
 */
final class RulesParser {

	private static final Set<String> RULE_FIELDS = Set.of("class", "when", "expire", "clamp", "keep");

	private static final Set<String> CONDITIONS = Set.of("ttl", "type", "idle-over", "key", "companion-missing",
			"companion-exists");

	private static final Set<String> RESERVED_CLASSES = Set.of("vanished", "unmatched");

	private final YamlFields yaml;

	private final TtlCeiling ceiling;

	RulesParser(YamlFields yaml, TtlCeiling ceiling) {
		this.yaml = yaml;
		this.ceiling = ceiling;
	}

	List<Rule> parse(Node node) {
		if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
			throw yaml.error(node, "rules", "must be a list of rules, each with a class and expire, clamp or keep");
		}
		List<Rule> rules = new ArrayList<>();
		int catchAll = -1;
		for (Node ruleNode : sequence.getValue()) {
			String path = "rules[" + (rules.size() + 1) + "]";
			if (catchAll >= 0) {
				throw yaml.error(ruleNode, path,
						"can never match: rule " + catchAll + " before it has no conditions and takes every key");
			}
			Rule rule = rule(ruleNode, path);
			rules.add(rule);
			if (rule.when().isCatchAll()) {
				catchAll = rules.size();
			}
		}
		return rules;
	}

	private Rule rule(Node node, String path) {
		Map<String, Node> fields = yaml.fields(node, path, RULE_FIELDS);
		Node classNode = fields.get("class");
		if (classNode == null) {
			throw yaml.error(node, path + ".class", "missing: every rule names the class it gives");
		}
		String keyClass = yaml.text(classNode, path + ".class");
		if (RESERVED_CLASSES.contains(keyClass) || keyClass.isBlank()) {
			throw yaml.error(classNode, path + ".class", "'" + keyClass + "' is reserved; choose another name");
		}
		Rule.When when = fields.containsKey("when") ? when(fields.get("when"), path + ".when") : Rule.When.ANY;
		return new Rule(keyClass, when, action(node, fields, path));
	}

	private Rule.Action action(Node node, Map<String, Node> fields, String path) {
		List<String> given = fields.keySet()
			.stream()
			.filter(f -> Set.of("expire", "clamp", "keep").contains(f))
			.toList();
		if (given.size() != 1) {
			throw yaml.error(node, path, "give exactly one of expire, clamp or keep (found "
					+ (given.isEmpty() ? "none" : String.join(", ", given)) + ")");
		}
		return switch (given.get(0)) {
			case "expire" -> new Rule.Action(Rule.Action.Kind.EXPIRE,
					yaml.ttl(fields.get("expire"), path + ".expire", ceiling, false));
			case "clamp" ->
				new Rule.Action(Rule.Action.Kind.CLAMP, yaml.ttl(fields.get("clamp"), path + ".clamp", ceiling, true));
			default -> {
				if (!yaml.bool(fields, "keep", path + ".keep", false)) {
					throw yaml.error(fields.get("keep"), path + ".keep", "write keep: true");
				}
				yield Rule.Action.KEEP;
			}
		};
	}

	private Rule.When when(Node node, String path) {
		Map<String, Node> conditions = yaml.fields(node, path, CONDITIONS);
		Rule.Ttl ttl = conditions.containsKey("ttl") ? ttl(conditions.get("ttl"), path + ".ttl") : null;
		String type = yaml.optionalText(conditions, "type", path + ".type", null);
		Long idleOver = conditions.containsKey("idle-over")
				? yaml.seconds(conditions.get("idle-over"), path + ".idle-over") : null;
		Pattern key = conditions.containsKey("key") ? pattern(conditions.get("key"), path + ".key") : null;
		if (conditions.containsKey("companion-missing") && conditions.containsKey("companion-exists")) {
			throw yaml.error(node, path, "give companion-missing or companion-exists, not both");
		}
		String companionField = conditions.containsKey("companion-missing") ? "companion-missing"
				: conditions.containsKey("companion-exists") ? "companion-exists" : null;
		CompanionTemplate companion = null;
		Boolean companionExists = null;
		if (companionField != null) {
			Node templateNode = conditions.get(companionField);
			try {
				companion = CompanionTemplate.parse(yaml.text(templateNode, path + "." + companionField), key);
			}
			catch (IllegalArgumentException e) {
				throw yaml.error(templateNode, path + "." + companionField, e.getMessage());
			}
			companionExists = companionField.equals("companion-exists");
		}
		return new Rule.When(ttl, type, idleOver, key, companion, companionExists);
	}

	private Rule.Ttl ttl(Node node, String path) {
		String text = yaml.text(node, path).trim();
		if (text.equals("none")) {
			return new Rule.Ttl(Rule.Ttl.Kind.NONE, 0);
		}
		String[] words = text.split("\\s+");
		if (words.length == 2 && (words[0].equals("over") || words[0].equals("under"))) {
			try {
				return new Rule.Ttl(words[0].equals("over") ? Rule.Ttl.Kind.OVER : Rule.Ttl.Kind.UNDER,
						Durations.parseSeconds(words[1]));
			}
			catch (IllegalArgumentException e) {
				throw yaml.error(node, path, e.getMessage());
			}
		}
		throw yaml.error(node, path, "'" + text + "' is not none, over <duration> or under <duration>");
	}

	private Pattern pattern(Node node, String path) {
		String regex = yaml.text(node, path);
		try {
			return Pattern.compile(regex, Pattern.DOTALL);
		}
		catch (PatternSyntaxException e) {
			// RE2 refuses what needs backtracking (backreferences, lookaround): such a
			// pattern
			// could take exponential time on one hostile key name
			throw yaml.error(node, path,
					"not a valid RE2 regular expression (RE2 has no backreferences or lookaround): "
							+ e.getDescription() + " in `" + e.getPattern() + "`");
		}
	}

}

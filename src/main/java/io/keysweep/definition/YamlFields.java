package io.keysweep.definition;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads fields of one definition file's YAML nodes; every error names the file, the line
 * and the field.
 */
final class YamlFields {

	private final String file;

	YamlFields(String file) {
		this.file = file;
	}

	/**
	 * The fields of a mapping, in file order; a field not in {@code known} is an error.
	 */
	Map<String, Node> fields(Node node, String path, Set<String> known) {
		if (!(node instanceof MappingNode mapping)) {
			throw error(node, path, "must be a mapping of " + String.join(", ", new TreeSet<>(known)));
		}
		Map<String, Node> fields = new LinkedHashMap<>();
		String prefix = path.isEmpty() ? "" : path + ".";
		for (NodeTuple tuple : mapping.getValue()) {
			Node keyNode = tuple.getKeyNode();
			if (!(keyNode instanceof ScalarNode scalar)) {
				throw error(keyNode, path, "field names must be plain words");
			}
			String key = scalar.getValue();
			if (known != null && !known.contains(key)) {
				throw error(keyNode, prefix + key,
						"unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
			}
			if (fields.put(key, tuple.getValueNode()) != null) {
				throw error(keyNode, prefix + key, "given twice");
			}
		}
		return fields;
	}

	String text(Node node, String field) {
		if (!(node instanceof ScalarNode scalar)) {
			throw error(node, field, "must be a single value");
		}
		return scalar.getValue();
	}

	String optionalText(Map<String, Node> fields, String name, String path, String fallback) {
		Node node = fields.get(name);
		return node == null ? fallback : text(node, path);
	}

	boolean bool(Map<String, Node> fields, String name, String path, boolean fallback) {
		String text = optionalText(fields, name, path, null);
		if (text == null) {
			return fallback;
		}
		return switch (text) {
			case "true" -> true;
			case "false" -> false;
			default -> throw error(fields.get(name), path, "'" + text + "' is not true or false");
		};
	}

	long number(Map<String, Node> fields, String name, long fallback, long min, long max) {
		String text = optionalText(fields, name, name, null);
		if (text == null) {
			return fallback;
		}
		try {
			long n = Long.parseLong(text);
			if (n >= min && n <= max) {
				return n;
			}
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw error(fields.get(name), name, "'" + text + "' is not a whole number from " + min + " to " + max);
	}

	long seconds(Node node, String path) {
		try {
			return Durations.parseSeconds(text(node, path));
		}
		catch (IllegalArgumentException e) {
			throw error(node, path, e.getMessage());
		}
	}

	/** A TTL keysweep writes: a duration within the ceiling. */
	long ttl(Node node, String path, TtlCeiling ceiling, boolean clamp) {
		long seconds = seconds(node, path);
		try {
			return ceiling.check(text(node, path), seconds, clamp);
		}
		catch (IllegalArgumentException e) {
			throw error(node, path, e.getMessage());
		}
	}

	InvalidDefinitionException error(Node node, String field, String problem) {
		return new InvalidDefinitionException(
				file + ":" + (node.getStartMark().getLine() + 1) + ": field '" + field + "': " + problem);
	}

	InvalidDefinitionException missing(String field, String hint) {
		return new InvalidDefinitionException(file + ": field '" + field + "': missing" + hint);
	}

}

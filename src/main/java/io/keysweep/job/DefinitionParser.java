package io.keysweep.job;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.keysweep.alert.AlertThresholds;
import io.keysweep.classify.Classifiers;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads and checks one job definition. Works on YAML nodes rather than bound objects so that every error can
 * name the file, the line and the field.
 */
final class DefinitionParser {

    static final int DEFAULT_SCAN_COUNT = 1000;
    static final int DEFAULT_CHUNK_SIZE = 1000;
    private static final int MAX_SCAN_COUNT = 100_000;
    private static final int MAX_CHUNK_SIZE = 100_000;
    private static final Set<String> SCAN_TYPES = Set.of("string", "list", "set", "zset", "hash", "stream");

    private final String name;
    private final String file;

    private DefinitionParser(String name, String file) {
        this.name = name;
        this.file = file;
    }

    static JobDefinition parse(String name, String file, byte[] content) {
        return new DefinitionParser(name, file).parse(content);
    }

    private JobDefinition parse(byte[] content) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .compose(new StringReader(new String(content, StandardCharsets.UTF_8)));
        } catch (MarkedYAMLException e) {
            throw new InvalidDefinitionException(file + ":" + (e.getProblemMark().getLine() + 1)
                    + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidDefinitionException(file + ": not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new InvalidDefinitionException(file + ": must be a YAML mapping of fields (match, classifier, ttl, ...)");
        }
        Map<String, Node> fields = fields(mapping, "");

        String description = optionalText(fields, "description", "");
        String match = requiredText(fields, "match");
        boolean allowBroadMatch = bool(fields, "allow-broad-match", false);
        if (isBroad(match) && !allowBroadMatch) {
            throw error(fields.get("match"), "match",
                    "'" + match + "' would sweep every key; narrow it, or set allow-broad-match: true");
        }
        String type = optionalText(fields, "type", null);
        if (type != null && !SCAN_TYPES.contains(type)) {
            throw error(fields.get("type"), "type", "'" + type + "' is not a Redis type " + new TreeSet<>(SCAN_TYPES));
        }
        int scanCount = (int) number(fields, "scan-count", DEFAULT_SCAN_COUNT, MAX_SCAN_COUNT);
        int chunkSize = (int) number(fields, "chunk-size", DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE);
        long limit = number(fields, "limit", 0, Long.MAX_VALUE);
        String classifier = requiredText(fields, "classifier");
        Set<String> expiring = Classifiers.expiringClasses(classifier);
        if (expiring == null) {
            throw error(fields.get("classifier"), "classifier",
                    "unknown classifier '" + classifier + "' (built in: " + String.join(", ", Classifiers.names()) + ")");
        }
        Map<String, Long> ttls = ttls(fields, expiring);
        return new JobDefinition(name, description, match, type, scanCount, chunkSize, classifier, ttls, limit,
                allowBroadMatch, sha256(content), alerts(fields, expiring));
    }

    private static final Set<String> KNOWN_FIELDS = Set.of("description", "match", "type", "scan-count",
            "chunk-size", "limit", "classifier", "ttl", "allow-broad-match", "alert");

    private Map<String, Node> fields(MappingNode mapping, String parent) {
        Map<String, Node> fields = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                throw error(keyNode, parent.isEmpty() ? "(field name)" : parent, "field names must be plain words");
            }
            String key = scalar.getValue();
            String path = parent.isEmpty() ? key : parent + "." + key;
            if (parent.isEmpty() && !KNOWN_FIELDS.contains(key)) {
                throw error(keyNode, key, "unknown field (known: " + String.join(", ", new TreeSet<>(KNOWN_FIELDS)) + ")");
            }
            if (fields.put(key, tuple.getValueNode()) != null) {
                throw error(keyNode, path, "given twice");
            }
        }
        return fields;
    }

    private Map<String, Long> ttls(Map<String, Node> fields, Set<String> expiring) {
        Node node = fields.get("ttl");
        if (node == null) {
            throw new InvalidDefinitionException(file + ": field 'ttl': missing (give a TTL for each of "
                    + String.join(", ", new TreeSet<>(expiring)) + ")");
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, "ttl", "must map each class to a duration, e.g. leaked: 30d");
        }
        Map<String, Node> perClass = fields(mapping, "ttl");
        Map<String, Long> ttls = new HashMap<>();
        for (Map.Entry<String, Node> entry : perClass.entrySet()) {
            String path = "ttl." + entry.getKey();
            if (!expiring.contains(entry.getKey())) {
                throw error(entry.getValue(), path, "the classifier has no class '" + entry.getKey()
                        + "' that gets a TTL (its classes: " + String.join(", ", new TreeSet<>(expiring)) + ")");
            }
            try {
                ttls.put(entry.getKey(), Durations.parseSeconds(scalar(entry.getValue(), path)));
            } catch (IllegalArgumentException e) {
                throw error(entry.getValue(), path, e.getMessage());
            }
        }
        Set<String> missing = new TreeSet<>(expiring);
        missing.removeAll(ttls.keySet());
        if (!missing.isEmpty()) {
            throw error(node, "ttl", "no TTL for " + String.join(", ", missing));
        }
        return Map.copyOf(ttls);
    }

    /** {@code alert: { <class>-over: N, <class>-growth-over: N }}, for the classes that get an expiry. */
    private AlertThresholds alerts(Map<String, Node> fields, Set<String> expiring) {
        Node node = fields.get("alert");
        if (node == null) {
            return AlertThresholds.NONE;
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, "alert", "must map thresholds to numbers, e.g. leaked-over: 10000");
        }
        Map<String, Long> over = new HashMap<>();
        Map<String, Long> growthOver = new HashMap<>();
        for (Map.Entry<String, Node> entry : fields(mapping, "alert").entrySet()) {
            String field = entry.getKey();
            String path = "alert." + field;
            boolean growth = field.endsWith(AlertThresholds.GROWTH_OVER_SUFFIX);
            String keyClass = growth ? field.substring(0, field.length() - AlertThresholds.GROWTH_OVER_SUFFIX.length())
                    : field.endsWith(AlertThresholds.OVER_SUFFIX)
                    ? field.substring(0, field.length() - AlertThresholds.OVER_SUFFIX.length()) : null;
            if (keyClass == null || !expiring.contains(keyClass)) {
                throw error(entry.getValue(), path, "not a threshold: write <class>-over or <class>-growth-over "
                        + "for a class of " + String.join(", ", new TreeSet<>(expiring)));
            }
            String text = scalar(entry.getValue(), path);
            try {
                long limit = Long.parseLong(text);
                if (limit >= 0) {
                    (growth ? growthOver : over).put(keyClass, limit);
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(entry.getValue(), path, "'" + text + "' is not a whole number from 0 up");
        }
        return new AlertThresholds(over, growthOver);
    }

    /** A glob of nothing but wildcards matches every key. */
    static boolean isBroad(String match) {
        return match.chars().allMatch(c -> c == '*' || c == '?') && match.indexOf('*') >= 0;
    }

    private String requiredText(Map<String, Node> fields, String field) {
        String value = optionalText(fields, field, null);
        if (value == null || value.isBlank()) {
            throw new InvalidDefinitionException(file + ": field '" + field + "': missing");
        }
        return value;
    }

    private String optionalText(Map<String, Node> fields, String field, String fallback) {
        Node node = fields.get(field);
        return node == null ? fallback : scalar(node, field);
    }

    private boolean bool(Map<String, Node> fields, String field, boolean fallback) {
        String text = optionalText(fields, field, null);
        if (text == null) {
            return fallback;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(fields.get(field), field, "'" + text + "' is not true or false");
        };
    }

    private long number(Map<String, Node> fields, String field, long fallback, long max) {
        String text = optionalText(fields, field, null);
        if (text == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(fields.get(field), field, "'" + text + "' is not a whole number from 1 to " + max);
    }

    private String scalar(Node node, String field) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, field, "must be a single value");
        }
        return scalar.getValue();
    }

    private InvalidDefinitionException error(Node node, String field, String problem) {
        return new InvalidDefinitionException(file + ":" + (node.getStartMark().getLine() + 1)
                + ": field '" + field + "': " + problem);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}

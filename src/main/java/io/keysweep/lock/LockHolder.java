package io.keysweep.lock;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds a sweep lock, as stored in its value: {@code host=web-1 pid=4242 since=2025-06-01T03:00:00Z
 * token=...}. Readable with a plain GET; the token tells the holder's own value from a successor's.
 */
record LockHolder(String host, long pid, Instant since, String token) {

    String value() {
        return "host=" + host + " pid=" + pid + " since=" + since + " token=" + token;
    }

    /** The holder a value names, or null when keysweep did not write it. */
    static LockHolder parse(String value) {
        Map<String, String> fields = new HashMap<>();
        for (String field : value.split(" ")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                fields.put(field.substring(0, eq), field.substring(eq + 1));
            }
        }
        if (!fields.keySet().containsAll(List.of("host", "pid", "since", "token"))) {
            return null;
        }
        try {
            return new LockHolder(fields.get("host"), Long.parseLong(fields.get("pid")),
                    Instant.parse(fields.get("since")), fields.get("token"));
        } catch (RuntimeException notOurs) {
            return null;
        }
    }
}

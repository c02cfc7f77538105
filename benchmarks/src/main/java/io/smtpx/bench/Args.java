package io.smtpx.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} command line arguments. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    static Args parse(String[] args) {
        Args parsed = new Args();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            parsed.values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return parsed;
    }

    String get(String key, String otherwise) {
        return values.getOrDefault(key, otherwise);
    }

    int getInt(String key, int otherwise) {
        String value = values.get(key);
        return value == null ? otherwise : Integer.parseInt(value);
    }
}

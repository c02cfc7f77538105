package io.smtpx.camel;

import java.util.Locale;

/** The delivery strategy an endpoint URI names: {@code smtpx:relay} or {@code smtpx:direct}. */
public enum SmtpxStrategy {
    /** Submission to a smarthost (the user's mail server or an ESP). */
    relay,
    /** Delivery straight to the recipient domains' MX hosts. */
    direct;

    static SmtpxStrategy fromPath(String path) {
        String name = path == null ? "" : path.strip().toLowerCase(Locale.ROOT);
        for (SmtpxStrategy strategy : values()) {
            if (strategy.name().equals(name)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("Unknown smtpx strategy '" + path + "': use smtpx:relay or smtpx:direct");
    }
}

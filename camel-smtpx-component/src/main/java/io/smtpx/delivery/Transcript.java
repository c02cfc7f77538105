package io.smtpx.delivery;

/**
 * The protocol conversation of one session as support people want to see it: "C:" for what the client sent, "S:" for
 * what the server answered. Credentials never enter it (AUTH payloads are written as {@code ***}); message content is
 * summarised by its size; it stops growing at a fixed size so that a chatty server cannot exhaust memory.
 */
public final class Transcript {

    private static final int MAX_CHARS = 32 * 1024;

    private final StringBuilder text = new StringBuilder(256);
    private boolean truncated;

    void client(String line) {
        append("C: ", line);
    }

    /** A client line whose content is secret: only {@code shown} is recorded, followed by {@code ***}. */
    void clientSecret(String shown) {
        append("C: ", shown.isEmpty() ? "***" : shown + " ***");
    }

    void server(String line) {
        append("S: ", line);
    }

    void note(String line) {
        append("-- ", line);
    }

    /** Appends everything {@code other} recorded (e.g. the setup of a session now serving this delivery). */
    void append(Transcript other) {
        for (String line : other.text.toString().split("\n")) {
            if (!line.isEmpty()) {
                append("", line);
            }
        }
    }

    private void append(String prefix, String line) {
        if (truncated) {
            return;
        }
        if (text.length() + prefix.length() + line.length() + 1 > MAX_CHARS) {
            text.append("-- transcript truncated\n");
            truncated = true;
            return;
        }
        text.append(prefix).append(line).append('\n');
    }

    @Override
    public String toString() {
        return text.toString();
    }
}

package io.smtpx.reply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One SMTP reply: the basic code, the RFC 3463 enhanced status code when the server gave one, and the text of each
 * line. Replies made up by the client for failures that never reached a server (refused connection, DNS error, lost
 * connection) are {@linkplain #isLocal() local} and have the same shape, so one classifier serves both.
 */
public final class SmtpReply {

    /** The code of a reply that could not be parsed. */
    public static final int UNPARSEABLE = 0;

    /**
     * The most lines {@link #parse} keeps. A real reply has a handful (an EHLO reply perhaps twenty); a server that
     * sends thousands is broken or hostile, and keeping them all would let it fill the heap.
     */
    static final int MAX_LINES = 1000;

    private final int code;
    private final String enhancedStatus;
    private final List<String> lines;
    private final boolean local;

    private SmtpReply(int code, String enhancedStatus, List<String> lines, boolean local) {
        this.code = code;
        this.enhancedStatus = enhancedStatus;
        this.lines = lines;
        this.local = local;
    }

    /**
     * Parses one reply of one or more lines ({@code 250-...} continuation lines, then {@code 250 ...}), separated by
     * CRLF or LF. Never throws: a reply that does not start with three digits has code {@link #UNPARSEABLE} and its
     * whole input as text. Keeps at most {@value #MAX_LINES} lines. The enhanced code is taken from the first line,
     * and only when its class agrees with the basic code's (RFC 3463 section 2): "550 4.1.1 ..." has none.
     */
    public static SmtpReply parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return new SmtpReply(UNPARSEABLE, null, List.of(""), false);
        }
        List<String> texts = new ArrayList<>(2);
        int code = -1;
        int start = 0;
        int length = raw.length();
        while (start < length && texts.size() < MAX_LINES) {
            int end = raw.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            int lineEnd = end > start && raw.charAt(end - 1) == '\r' ? end - 1 : end;
            int lineCode = codeOf(raw, start, lineEnd);
            if (lineCode < 0) {
                if (start == 0) {
                    return new SmtpReply(UNPARSEABLE, null, List.of(raw.strip()), false);
                }
                // a line without a code inside a multi-line reply: keep its text rather than lose it
                texts.add(raw.substring(start, lineEnd).strip());
            } else {
                if (code < 0) {
                    code = lineCode;
                }
                int textStart = Math.min(start + 4, lineEnd);
                texts.add(raw.substring(textStart, lineEnd));
            }
            start = end + 1;
        }
        String enhanced = texts.isEmpty() ? null : EnhancedStatusCodes.leading(texts.get(0), code);
        if (enhanced != null) {
            for (int i = 0; i < texts.size(); i++) {
                texts.set(i, EnhancedStatusCodes.strip(texts.get(i), enhanced));
            }
        }
        return new SmtpReply(code, enhanced, Collections.unmodifiableList(texts), false);
    }

    /** A reply from a server, already split into code, enhanced status (or null) and one line of text. */
    public static SmtpReply of(int code, String enhancedStatus, String text) {
        return new SmtpReply(code, enhancedStatus, List.of(text == null ? "" : text), false);
    }

    /**
     * A reply the client makes up for a failure of its own, in the shape a server would have used (RFC 3463 codes:
     * 4.4.1 no answer from host, 4.4.2 bad connection, 4.4.3 DNS failure, 5.1.2 bad domain, ...).
     */
    public static SmtpReply local(int code, String enhancedStatus, String text) {
        return new SmtpReply(code, enhancedStatus, List.of(text == null ? "" : text), true);
    }

    private static int codeOf(String raw, int start, int end) {
        if (end - start < 3) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < start + 3; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        if (end - start > 3) {
            char separator = raw.charAt(start + 3);
            if (separator != ' ' && separator != '-') {
                return -1;
            }
        }
        return value;
    }

    /** The basic three-digit code, or {@link #UNPARSEABLE}. */
    public int code() {
        return code;
    }

    /** The enhanced status code, e.g. "5.1.1", or null when the reply has none. */
    public String enhancedStatus() {
        return enhancedStatus;
    }

    /** The text of each line, without code and enhanced status. */
    public List<String> lines() {
        return lines;
    }

    /** The text of all lines, joined by a space. */
    public String text() {
        return lines.size() == 1 ? lines.get(0) : String.join(" ", lines);
    }

    /** True when the client made this reply up for a failure of its own; no server said it. */
    public boolean isLocal() {
        return local;
    }

    public boolean isPositive() {
        return code >= 200 && code < 400;
    }

    /** The reply as a server would have written it (one line per text line, without line terminators). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String prefix = code == UNPARSEABLE ? "" : String.valueOf(code);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(prefix);
            if (!prefix.isEmpty()) {
                sb.append(i == lines.size() - 1 ? ' ' : '-');
            }
            if (enhancedStatus != null) {
                sb.append(enhancedStatus).append(' ');
            }
            sb.append(lines.get(i));
        }
        return sb.toString();
    }
}

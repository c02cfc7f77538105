package io.smtpx.reply;

/**
 * Finding, parsing and matching RFC 3463 enhanced status codes ("class.subject.detail", e.g. "5.1.1"). A parsed code
 * is packed into one int ({@code class * 1_000_000 + subject * 1_000 + detail}) so that matching it against many
 * rules neither splits strings nor allocates.
 */
final class EnhancedStatusCodes {

    /** The packed value of "no usable enhanced code". */
    static final int NONE = -1;

    private EnhancedStatusCodes() {
    }

    /**
     * The enhanced code at the start of a reply text, or null. RFC 3463: class 2, 4 or 5, subject and detail of one to
     * three digits each. When the basic code is known, the classes must agree (RFC 3463 section 2), else the token is
     * text that happens to look like a code.
     */
    static String leading(String text, int basicCode) {
        // Exchange 2000/2003 wrote "550 #5.7.1 ...": the same code behind one '#'
        int at = text.startsWith("#") ? 1 : 0;
        int length = text.length();
        if (length - at < 5) {
            return null;
        }
        char cls = text.charAt(at);
        if (cls != '2' && cls != '4' && cls != '5') {
            return null;
        }
        if (basicCode >= 200 && basicCode < 600 && basicCode / 100 != cls - '0' && basicCode / 100 != 3) {
            return null;
        }
        if (text.charAt(at + 1) != '.') {
            return null;
        }
        int subjectEnd = digits(text, at + 2);
        if (subjectEnd < 0 || subjectEnd >= length || text.charAt(subjectEnd) != '.') {
            return null;
        }
        int detailEnd = digits(text, subjectEnd + 1);
        if (detailEnd < 0) {
            return null;
        }
        if (detailEnd < length && !Character.isWhitespace(text.charAt(detailEnd))) {
            return null;
        }
        return text.substring(at, detailEnd);
    }

    /** The text with a leading occurrence of the given enhanced code (and the blank after it) removed. */
    static String strip(String text, String enhanced) {
        int from;
        if (text.startsWith(enhanced)) {
            from = enhanced.length();
        } else if (text.startsWith("#") && text.startsWith(enhanced, 1)) {
            from = enhanced.length() + 1;
        } else {
            return text;
        }
        if (from < text.length() && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        return text.substring(from);
    }

    /** Position after one to three digits starting at {@code from}, or -1. */
    private static int digits(String text, int from) {
        int i = from;
        while (i < text.length() && i - from < 3 && isDigit(text.charAt(i))) {
            i++;
        }
        if (i == from || (i < text.length() && isDigit(text.charAt(i)))) {
            return -1;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * An enhanced code ("4.7.1") packed into an int, or {@link #NONE} when {@code status} is null or not a well-formed
     * code. Never throws.
     */
    static int pack(String status) {
        if (status == null) {
            return NONE;
        }
        int length = status.length();
        if (length < 5 || length > 9) {
            return NONE;
        }
        int cls = status.charAt(0) - '0';
        if ((cls != 2 && cls != 4 && cls != 5) || status.charAt(1) != '.') {
            return NONE;
        }
        int subjectEnd = digits(status, 2);
        if (subjectEnd < 0 || subjectEnd >= length || status.charAt(subjectEnd) != '.') {
            return NONE;
        }
        int detailEnd = digits(status, subjectEnd + 1);
        if (detailEnd != length) {
            return NONE;
        }
        return cls * 1_000_000 + number(status, 2, subjectEnd) * 1_000 + number(status, subjectEnd + 1, detailEnd);
    }

    /** The class digit (2, 4 or 5) of a packed code. */
    static int classOf(int packed) {
        return packed / 1_000_000;
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /**
     * A compiled pattern for enhanced codes: "5.1.1" exactly, "5.7.*" any detail, "x.7.1" or "*.7.1" any class, "5.*"
     * (or "5.*.*") any subject and detail. Compiled once when the rules are read, so matching compares three ints.
     */
    record StatusPattern(int cls, int subject, int detail) {

        static final int ANY = -1;

        /** Compiles a pattern; throws IllegalArgumentException saying what is wrong with it. */
        static StatusPattern compile(String pattern) {
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("empty status pattern");
            }
            String[] parts = pattern.strip().split("\\.", -1);
            if (parts.length > 3) {
                throw new IllegalArgumentException("bad status pattern '" + pattern
                        + "': expected class.subject.detail, e.g. 5.1.1, x.7.1 or 5.7.*");
            }
            int[] values = {ANY, ANY, ANY};
            for (int i = 0; i < parts.length; i++) {
                values[i] = part(pattern, parts[i], i);
            }
            if (parts.length < 3 && !parts[parts.length - 1].equals("*")) {
                throw new IllegalArgumentException("bad status pattern '" + pattern
                        + "': give all three parts, or end it with * (e.g. 5.7.*)");
            }
            return new StatusPattern(values[0], values[1], values[2]);
        }

        private static int part(String pattern, String part, int index) {
            if (part.equals("*") || part.equalsIgnoreCase("x")) {
                return ANY;
            }
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad status pattern '" + pattern + "': '" + part
                        + "' is not a number of one to three digits, x or *");
            }
            int value = Integer.parseInt(part);
            if (index == 0 && value != 2 && value != 4 && value != 5) {
                throw new IllegalArgumentException("bad status pattern '" + pattern
                        + "': the class must be 2, 4, 5, x or *");
            }
            return value;
        }

        /** Whether a {@linkplain #pack packed} code matches; {@link #NONE} never does. */
        boolean matches(int packed) {
            if (packed < 0) {
                return false;
            }
            return (cls == ANY || cls == packed / 1_000_000)
                    && (subject == ANY || subject == (packed / 1_000) % 1_000)
                    && (detail == ANY || detail == packed % 1_000);
        }
    }

    /** A compiled basic-code pattern: "550" exactly, "55x" or "5xx" with x for any digit. */
    record CodePattern(int hundreds, int tens, int units) {

        static final int ANY = -1;

        static CodePattern compile(String pattern) {
            String p = pattern == null ? "" : pattern.strip();
            if (p.length() != 3) {
                throw new IllegalArgumentException("bad code pattern '" + pattern
                        + "': expected three characters, digits or x (550, 55x, 5xx)");
            }
            return new CodePattern(digit(pattern, p.charAt(0)), digit(pattern, p.charAt(1)), digit(pattern, p.charAt(2)));
        }

        private static int digit(String pattern, char c) {
            if (c == 'x' || c == 'X') {
                return ANY;
            }
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad code pattern '" + pattern + "': '" + c
                        + "' is neither a digit nor x");
            }
            return c - '0';
        }

        /** Whether a basic code (0 to 999; anything else never matches) matches. */
        boolean matches(int code) {
            if (code < 0 || code > 999) {
                return false;
            }
            return (hundreds == ANY || hundreds == code / 100)
                    && (tens == ANY || tens == (code / 10) % 10)
                    && (units == ANY || units == code % 10);
        }
    }
}

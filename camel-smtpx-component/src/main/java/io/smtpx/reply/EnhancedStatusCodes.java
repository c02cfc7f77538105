package io.smtpx.reply;

/** Finding and matching RFC 3463 enhanced status codes ("class.subject.detail", e.g. "5.1.1"). */
final class EnhancedStatusCodes {

    private EnhancedStatusCodes() {
    }

    /**
     * The enhanced code at the start of a reply text, or null. RFC 3463: class 2, 4 or 5, subject and detail of one to
     * three digits each. When the basic code is known, the classes must agree (RFC 3463 section 2), else the token is
     * text that happens to look like a code.
     */
    static String leading(String text, int basicCode) {
        int length = text.length();
        int i = 0;
        if (length < 5) {
            return null;
        }
        char cls = text.charAt(0);
        if (cls != '2' && cls != '4' && cls != '5') {
            return null;
        }
        if (basicCode >= 200 && basicCode < 600 && basicCode / 100 != cls - '0' && basicCode / 100 != 3) {
            return null;
        }
        i = 1;
        if (text.charAt(i++) != '.') {
            return null;
        }
        int subjectEnd = digits(text, i);
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
        return text.substring(0, detailEnd);
    }

    /** The text with a leading occurrence of the given enhanced code (and the blank after it) removed. */
    static String strip(String text, String enhanced) {
        if (!text.startsWith(enhanced)) {
            return text;
        }
        int from = enhanced.length();
        if (from < text.length() && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        return text.substring(from);
    }

    /** Position after one to three digits starting at {@code from}, or -1. */
    private static int digits(String text, int from) {
        int i = from;
        while (i < text.length() && i - from < 3 && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == from || (i < text.length() && Character.isDigit(text.charAt(i)))) {
            return -1;
        }
        return i;
    }

    /**
     * Whether {@code status} matches {@code pattern}: "5.1.1" exactly, "5.7.*" any detail, "x.7.1" or "*.7.1" any
     * class, "5.*" (or "5.*.*") any subject and detail.
     */
    static boolean matches(String pattern, String status) {
        if (status == null) {
            return false;
        }
        String[] want = pattern.split("\\.");
        String[] have = status.split("\\.");
        for (int i = 0; i < want.length; i++) {
            if (i >= have.length) {
                return false;
            }
            String w = want[i];
            if (w.equals("*") || w.equalsIgnoreCase("x")) {
                continue;
            }
            if (!w.equals(have[i])) {
                return false;
            }
        }
        return want.length == have.length || want[want.length - 1].equals("*");
    }
}

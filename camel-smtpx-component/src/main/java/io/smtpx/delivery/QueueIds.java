package io.smtpx.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smtpx.reply.SmtpReply;

/** Finds the server's queue id in the reply to the final dot, in the forms common MTAs use. */
final class QueueIds {

    private static final Pattern[] PATTERNS = {
            Pattern.compile("queued as ([A-Za-z0-9._-]+)", Pattern.CASE_INSENSITIVE), // Postfix, Exchange
            Pattern.compile("\\bid=([A-Za-z0-9._-]+)", Pattern.CASE_INSENSITIVE), // Exim
            Pattern.compile("^([A-Za-z0-9]{8,}) Message accepted for delivery"), // Sendmail
            Pattern.compile("^OK \\d+ ([A-Za-z0-9._-]+) - gsmtp"), // Gmail
            Pattern.compile("Message accepted for delivery: ([A-Za-z0-9._-]+)", Pattern.CASE_INSENSITIVE), // OpenSMTPD
    };

    private QueueIds() {
    }

    /** The queue id, or null when the reply names none. */
    static String of(SmtpReply reply) {
        String text = reply.text();
        // Postfix's form first, without a regular expression: it is what most replies to the final dot look like
        int queued = text.indexOf("queued as ");
        if (queued >= 0) {
            int start = queued + "queued as ".length();
            int end = start;
            while (end < text.length() && isIdChar(text.charAt(end))) {
                end++;
            }
            if (end > start) {
                return text.substring(start, end);
            }
        }
        for (Pattern pattern : PATTERNS) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    private static boolean isIdChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
    }
}

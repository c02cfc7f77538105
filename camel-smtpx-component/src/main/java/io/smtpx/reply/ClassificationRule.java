package io.smtpx.reply;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One piece of knowledge about replies: when a reply at one of {@code stages} has a basic code matching one of
 * {@code codes}, an enhanced code matching one of {@code statuses} and text matching {@code text}, it means
 * {@code reason} (and, when set, {@code replyClass} overrides the class the code gives). Empty conditions match
 * anything. Rules live in data files; see {@link ClassificationRules}.
 */
public record ClassificationRule(
        String name,
        Set<SmtpStage> stages,
        List<String> codes,
        List<String> statuses,
        Pattern text,
        ReplyClass replyClass,
        Reason reason,
        String hint) {

    public ClassificationRule {
        stages = stages == null || stages.isEmpty() ? EnumSet.allOf(SmtpStage.class) : EnumSet.copyOf(stages);
        codes = codes == null ? List.of() : List.copyOf(codes);
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        if (reason == null) {
            throw new IllegalArgumentException("Classification rule '" + name + "' has no reason");
        }
    }

    boolean matches(SmtpStage stage, SmtpReply reply) {
        if (stage != null && !stages.contains(stage)) {
            return false;
        }
        if (!codes.isEmpty() && !anyCodeMatches(reply.code())) {
            return false;
        }
        if (!statuses.isEmpty() && !anyStatusMatches(reply.enhancedStatus())) {
            return false;
        }
        if (text != null) {
            for (String line : reply.lines()) {
                if (text.matcher(line).find()) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private boolean anyCodeMatches(int code) {
        String actual = String.valueOf(code);
        for (String pattern : codes) {
            if (codeMatches(pattern, actual)) {
                return true;
            }
        }
        return false;
    }

    /** "550" exactly, "55x" or "5xx" with x for any digit. */
    private static boolean codeMatches(String pattern, String actual) {
        if (pattern.length() != actual.length()) {
            return false;
        }
        for (int i = 0; i < pattern.length(); i++) {
            char p = pattern.charAt(i);
            if (p != 'x' && p != 'X' && p != actual.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean anyStatusMatches(String status) {
        for (String pattern : statuses) {
            if (EnhancedStatusCodes.matches(pattern, status)) {
                return true;
            }
        }
        return false;
    }
}

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
 *
 * <p>The constructor checks the code and status patterns ("550", "5xx"; "5.1.1", "x.7.1", "5.7.*") and throws
 * {@link IllegalArgumentException} naming the bad one, so a broken rules file fails when it is read, not when a
 * reply happens to reach the rule.
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
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Classification rule has no name");
        }
        stages = stages == null || stages.isEmpty() ? EnumSet.allOf(SmtpStage.class) : EnumSet.copyOf(stages);
        codes = codes == null ? List.of() : List.copyOf(codes);
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        if (reason == null) {
            throw new IllegalArgumentException("Classification rule '" + name + "' has no reason");
        }
        for (String code : codes) {
            EnhancedStatusCodes.CodePattern.compile(code);
        }
        for (String status : statuses) {
            EnhancedStatusCodes.StatusPattern.compile(status);
        }
    }
}

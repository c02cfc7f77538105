package io.smtpx.reply;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@link ClassificationRule} compiled for matching: code and status patterns turned into numbers once, stages into
 * a bit set. Matching a reply then compares ints and runs at most one regular expression, cheapest test first.
 */
final class RuleMatcher {

    private final ClassificationRule rule;
    private final boolean allStages;
    private final int stageBits;
    private final EnhancedStatusCodes.CodePattern[] codes;
    private final EnhancedStatusCodes.StatusPattern[] statuses;
    private final Pattern text;

    RuleMatcher(ClassificationRule rule) {
        this.rule = rule;
        int bits = 0;
        for (SmtpStage stage : rule.stages()) {
            bits |= 1 << stage.ordinal();
        }
        this.stageBits = bits;
        this.allStages = rule.stages().size() == SmtpStage.values().length;
        List<String> codeList = rule.codes();
        this.codes = new EnhancedStatusCodes.CodePattern[codeList.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = EnhancedStatusCodes.CodePattern.compile(codeList.get(i));
        }
        List<String> statusList = rule.statuses();
        this.statuses = new EnhancedStatusCodes.StatusPattern[statusList.size()];
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = EnhancedStatusCodes.StatusPattern.compile(statusList.get(i));
        }
        this.text = rule.text();
    }

    ClassificationRule rule() {
        return rule;
    }

    /**
     * Whether the rule matches. {@code stage} null means the stage is unknown: then only rules for all stages can
     * match. {@code status} is a {@linkplain EnhancedStatusCodes#pack packed} enhanced code or
     * {@link EnhancedStatusCodes#NONE}.
     */
    boolean matches(SmtpStage stage, int code, int status, ExaminedText examined) {
        if (!allStages && (stage == null || (stageBits & (1 << stage.ordinal())) == 0)) {
            return false;
        }
        if (codes.length > 0 && !anyCodeMatches(code)) {
            return false;
        }
        if (statuses.length > 0 && !anyStatusMatches(status)) {
            return false;
        }
        return text == null || examined.find(text);
    }

    private boolean anyCodeMatches(int code) {
        for (EnhancedStatusCodes.CodePattern pattern : codes) {
            if (pattern.matches(code)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyStatusMatches(int status) {
        for (EnhancedStatusCodes.StatusPattern pattern : statuses) {
            if (pattern.matches(status)) {
                return true;
            }
        }
        return false;
    }
}

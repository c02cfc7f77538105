package io.smtpx.reply;

import java.util.List;

/**
 * Turns a reply at a stage into a {@link Classification}. The class comes from the basic code unless a rule
 * overrides it; the enhanced code is the server's own; the reason and hint come from the first matching rule.
 * Thread-safe and immutable; never throws on any reply, however malformed or large (see {@link ExaminedText} for the
 * limits that keep it fast).
 */
public final class ReplyClassifier {

    private static final ReplyClassifier DEFAULTS = new ReplyClassifier(ClassificationRules.defaults());

    private final ClassificationRules rules;
    private final RuleMatcher[] matchers;

    private ReplyClassifier(ClassificationRules rules) {
        this.rules = rules;
        List<ClassificationRule> list = rules.rules();
        this.matchers = new RuleMatcher[list.size()];
        for (int i = 0; i < matchers.length; i++) {
            matchers[i] = new RuleMatcher(list.get(i));
        }
    }

    /** The classifier with the rules that ship with the component. */
    public static ReplyClassifier defaults() {
        return DEFAULTS;
    }

    /** A classifier trying {@code userRules} first, then the shipped rules (see {@link ClassificationRules#overriding}). */
    public static ReplyClassifier withRules(ClassificationRules userRules) {
        return new ReplyClassifier(userRules.overriding(DEFAULTS.rules));
    }

    /**
     * Classifies {@code reply} given at {@code stage}. A null stage means "not known": rules tied to particular
     * stages are then skipped. A null reply is treated as an empty, unparseable one.
     */
    public Classification classify(SmtpStage stage, SmtpReply reply) {
        SmtpReply r = reply == null ? SmtpReply.parse(null) : reply;
        int code = r.code();
        ReplyClass byCode = ReplyClass.ofCode(code);
        try {
            int status = usableStatus(code, r.enhancedStatus());
            ExaminedText examined = ExaminedText.of(r.lines());
            for (RuleMatcher matcher : matchers) {
                if (matcher.matches(stage, code, status, examined)) {
                    ClassificationRule rule = matcher.rule();
                    ReplyClass replyClass = rule.replyClass() != null ? rule.replyClass() : byCode;
                    return new Classification(replyClass, r.enhancedStatus(), rule.reason(), rule.hint());
                }
            }
        } catch (RuntimeException e) {
            // Rules and replies are checked so that this cannot happen; should it anyway, a reply must still get a
            // classification rather than break delivery. Fall through to the code's own meaning.
        }
        return new Classification(byCode, r.enhancedStatus(),
                byCode == ReplyClass.SUCCESS ? Reason.DELIVERED : Reason.UNKNOWN, null);
    }

    /**
     * The enhanced code packed for matching, or NONE when there is none, it is malformed, or its class disagrees with
     * the basic code's (RFC 3463 section 2: then the enhanced code is not to be trusted).
     */
    private static int usableStatus(int code, String enhanced) {
        int packed = EnhancedStatusCodes.pack(enhanced);
        if (packed == EnhancedStatusCodes.NONE) {
            return packed;
        }
        int basicClass = code / 100;
        if ((basicClass == 2 || basicClass == 4 || basicClass == 5) && basicClass != EnhancedStatusCodes.classOf(packed)) {
            return EnhancedStatusCodes.NONE;
        }
        return packed;
    }
}

package io.smtpx.reply;

/**
 * Turns a reply at a stage into a {@link Classification}. The class comes from the basic code unless a rule
 * overrides it; the enhanced code is the server's own; the reason and hint come from the first matching rule.
 * Thread-safe and immutable; never throws on any reply.
 */
public final class ReplyClassifier {

    private static final ReplyClassifier DEFAULTS = new ReplyClassifier(ClassificationRules.defaults());

    private final ClassificationRules rules;

    private ReplyClassifier(ClassificationRules rules) {
        this.rules = rules;
    }

    /** The classifier with the rules that ship with the component. */
    public static ReplyClassifier defaults() {
        return DEFAULTS;
    }

    /** A classifier trying {@code userRules} first, then the shipped rules (see {@link ClassificationRules#overriding}). */
    public static ReplyClassifier withRules(ClassificationRules userRules) {
        return new ReplyClassifier(userRules.overriding(DEFAULTS.rules));
    }

    public Classification classify(SmtpStage stage, SmtpReply reply) {
        ReplyClass byCode = ReplyClass.ofCode(reply.code());
        for (ClassificationRule rule : rules.rules()) {
            if (rule.matches(stage, reply)) {
                ReplyClass replyClass = rule.replyClass() != null ? rule.replyClass() : byCode;
                return new Classification(replyClass, reply.enhancedStatus(), rule.reason(), rule.hint());
            }
        }
        return new Classification(byCode, reply.enhancedStatus(),
                byCode == ReplyClass.SUCCESS ? Reason.DELIVERED : Reason.UNKNOWN, null);
    }
}

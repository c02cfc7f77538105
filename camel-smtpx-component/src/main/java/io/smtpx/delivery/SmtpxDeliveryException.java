package io.smtpx.delivery;

import io.smtpx.reply.Classification;
import io.smtpx.reply.ReplyClass;

/**
 * A message was not delivered to every recipient. Carries the {@link DeliveryReport}; the message quotes the server,
 * names the reason and adds a remedy hint. Catch {@link SmtpxTransientException} to retry later and
 * {@link SmtpxPermanentException} to dead-letter.
 */
public abstract class SmtpxDeliveryException extends Exception {

    private final transient DeliveryReport report;

    protected SmtpxDeliveryException(DeliveryReport report) {
        super(describe(report));
        this.report = report;
    }

    public DeliveryReport getReport() {
        return report;
    }

    public Classification getClassification() {
        return report.classification();
    }

    private static String describe(DeliveryReport report) {
        RecipientResult decisive = report.decisive();
        int failed = report.failedRecipients().size();
        StringBuilder sb = new StringBuilder();
        sb.append(report.replyClass() == ReplyClass.PERMANENT ? "Permanent" : "Transient")
                .append(" delivery failure for ").append(failed).append(" of ").append(report.results().size())
                .append(" recipient(s): ").append(decisive.describe());
        if (failed > 1) {
            sb.append(" (and ").append(failed - 1).append(" more, see the report)");
        }
        String hint = decisive.classification().hint();
        if (hint != null) {
            sb.append(". ").append(hint);
        }
        return sb.toString();
    }
}

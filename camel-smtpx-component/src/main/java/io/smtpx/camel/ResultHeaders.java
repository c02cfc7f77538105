package io.smtpx.camel;

import org.apache.camel.Message;

import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.RecipientResult;
import io.smtpx.reply.Classification;

/** Writes a delivery report onto a Camel message as the result headers of {@link SmtpxConstants}. */
final class ResultHeaders {

    private ResultHeaders() {
    }

    static void write(Message message, DeliveryReport report) {
        RecipientResult decisive = report.decisive();
        Classification classification = decisive.classification();
        message.setHeader(SmtpxConstants.REPLY_CLASS, report.replyClass().name());
        message.setHeader(SmtpxConstants.REPLY_CODE, decisive.reply().code());
        setOrRemove(message, SmtpxConstants.ENHANCED_STATUS, classification.enhancedStatus());
        message.setHeader(SmtpxConstants.REASON, classification.reason().name());
        setOrRemove(message, SmtpxConstants.HINT, report.isSuccess() ? null : classification.hint());
        setOrRemove(message, SmtpxConstants.REMOTE_HOST, decisive.remoteHost());
        message.setHeader(SmtpxConstants.ACCEPTED_RECIPIENTS, String.join(",", report.acceptedRecipients()));
        message.setHeader(SmtpxConstants.FAILED_RECIPIENTS, String.join(",", report.failedRecipients()));
        setOrRemove(message, SmtpxConstants.QUEUE_ID, report.isSuccess() ? decisive.queueId() : null);
        setOrRemove(message, SmtpxConstants.MESSAGE_ID, report.messageId());
        message.setHeader(SmtpxConstants.REPORT, report);
    }

    private static void setOrRemove(Message message, String name, Object value) {
        if (value == null) {
            message.removeHeader(name);
        } else {
            message.setHeader(name, value);
        }
    }
}

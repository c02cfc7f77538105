package io.smtpx.camel;

import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

import io.smtpx.delivery.DeliveryLedger;
import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.DeliveryStatusNotification;
import io.smtpx.delivery.Envelope;
import io.smtpx.delivery.MimeMessageContent;
import io.smtpx.delivery.RecipientResult;
import io.smtpx.delivery.RecipientState;

/** Tells the sender about recipients that refused a message for good, with an RFC 3464 notification. */
final class Bouncer {

    private final String bounceEndpoint;
    private final String reportingMta;
    private final ProducerTemplate template;

    Bouncer(String bounceEndpoint, String reportingMta, ProducerTemplate template) {
        this.bounceEndpoint = bounceEndpoint;
        this.reportingMta = reportingMta;
        this.template = template;
    }

    /**
     * Sends a notification for the permanent failures in {@code decidedNow}, unless there are none or the message
     * itself had the null reverse path (a bounce never bounces).
     */
    void bounce(Exchange exchange, Envelope envelope, MimeMessageContent content, DeliveryLedger ledger,
                DeliveryReport decidedNow) throws Exception {
        List<RecipientResult> refused = decidedNow.results(RecipientState.PERMANENT);
        if (refused.isEmpty() || envelope.sender().isEmpty()) {
            return;
        }
        DeliveryReport failed = new DeliveryReport(decidedNow.messageId(), refused, null);
        MimeMessage dsn = DeliveryStatusNotification.of(failed, content.message(), envelope.sender(), reportingMta,
                ledger.firstAttempt());
        Exchange notification = new DefaultExchange(exchange.getContext());
        notification.getMessage().setBody(dsn);
        notification.getMessage().setHeader(SmtpxConstants.ENVELOPE_FROM, "");
        notification.getMessage().setHeader(SmtpxConstants.FAILED_RECIPIENTS, String.join(",",
                failed.failedRecipients()));
        Exchange sent = template.send(bounceEndpoint, notification);
        if (sent.getException() != null) {
            throw new CamelExchangeException("Could not send the delivery status notification to " + bounceEndpoint,
                    exchange, sent.getException());
        }
    }
}

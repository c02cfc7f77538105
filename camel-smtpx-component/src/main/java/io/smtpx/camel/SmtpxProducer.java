package io.smtpx.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.DeliveryStrategy;
import io.smtpx.delivery.Envelope;
import io.smtpx.delivery.MimeMessageContent;
import io.smtpx.delivery.RecipientResult;
import io.smtpx.reply.Classification;

/**
 * Sends the exchange's message and puts the classified outcome on it: result headers always, and a transient or
 * permanent exception when any recipient did not accept the message.
 */
public class SmtpxProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpxProducer.class);

    private final DeliveryStrategy delivery;
    private final SmtpxMessageMapper mapper;

    public SmtpxProducer(SmtpxEndpoint endpoint, DeliveryStrategy delivery) {
        super(endpoint);
        this.delivery = delivery;
        this.mapper = new SmtpxMessageMapper(endpoint.getConfiguration());
    }

    @Override
    public void process(Exchange exchange) {
        MimeMessageContent content = mapper.content(exchange);
        Envelope envelope = mapper.envelope(exchange, content);
        DeliveryReport report = delivery.deliver(envelope, content);
        writeHeaders(exchange.getMessage(), report);
        if (report.isSuccess()) {
            LOG.debug("Delivered {}", report.summary());
        } else {
            LOG.debug("Not delivered {}", report.summary());
            exchange.setException(report.toException());
        }
    }

    private static void writeHeaders(Message message, DeliveryReport report) {
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

package io.smtpx.camel;

import org.apache.camel.spi.Metadata;

/** Every header the smtpx component reads or writes. */
public final class SmtpxConstants {

    // ---- results, set on every exchange whatever the outcome

    @Metadata(label = "producer", description = "The class of the outcome: SUCCESS, TRANSIENT or PERMANENT.",
              javaType = "String")
    public static final String REPLY_CLASS = "CamelSmtpxReplyClass";
    @Metadata(label = "producer", description = "The basic SMTP code of the reply that decided the outcome (a local"
                                                + " failure has a code in the same shape).", javaType = "Integer")
    public static final String REPLY_CODE = "CamelSmtpxReplyCode";
    @Metadata(label = "producer", description = "The RFC 3463 enhanced status code of that reply, e.g. 5.1.1; absent"
                                                + " when the server gave none.", javaType = "String")
    public static final String ENHANCED_STATUS = "CamelSmtpxEnhancedStatus";
    @Metadata(label = "producer", description = "The reason for the outcome, from the taxonomy: DELIVERED,"
                                                + " MAILBOX_UNKNOWN, RELAY_DENIED, AUTH_FAILED, GREYLISTED, ...",
              javaType = "String")
    public static final String REASON = "CamelSmtpxReason";
    @Metadata(label = "producer", description = "A one-line hint on what to do about a failure.", javaType = "String")
    public static final String HINT = "CamelSmtpxHint";
    @Metadata(label = "producer", description = "The server (host:port) that gave the deciding reply.",
              javaType = "String")
    public static final String REMOTE_HOST = "CamelSmtpxRemoteHost";
    @Metadata(label = "producer", description = "The recipients that accepted the message, comma separated.",
              javaType = "String")
    public static final String ACCEPTED_RECIPIENTS = "CamelSmtpxAcceptedRecipients";
    @Metadata(label = "producer", description = "The recipients that did not accept the message, comma separated.",
              javaType = "String")
    public static final String FAILED_RECIPIENTS = "CamelSmtpxFailedRecipients";
    @Metadata(label = "producer", description = "The server's queue id from its final 250 reply, when it gave one.",
              javaType = "String")
    public static final String QUEUE_ID = "CamelSmtpxQueueId";
    @Metadata(label = "producer", description = "The Message-ID of the message sent.", javaType = "String")
    public static final String MESSAGE_ID = "CamelSmtpxMessageId";
    @Metadata(label = "producer", description = "The whole outcome: per-recipient replies and stages, queue id, and on"
                                                + " failure the protocol transcript with credentials redacted.",
              javaType = "io.smtpx.delivery.DeliveryReport")
    public static final String REPORT = "CamelSmtpxReport";

    /**
     * Not Camel-prefixed on purpose: camel-jms and camel-kafka drop every Camel* header on the way to and from the
     * broker, and this one must survive the retry queue or the next attempt would go to every recipient again.
     */
    @Metadata(label = "producer", description = "Where each recipient stands across attempts (accepted, transient,"
                                                + " permanent, uncertain), as text that survives a queue round trip"
                                                + " (no Camel prefix, so JMS and Kafka keep it); a later attempt only"
                                                + " tries the pending ones. Absent after a complete success; remove it"
                                                + " to send the same exchange afresh.",
              javaType = "String")
    public static final String LEDGER = "SmtpxLedger";
    @Metadata(label = "producer", description = "How many delivery attempts were made so far.", javaType = "Integer")
    public static final String ATTEMPT = "CamelSmtpxAttempt";
    @Metadata(label = "producer", description = "When the first attempt was made (epoch milliseconds).",
              javaType = "Long")
    public static final String FIRST_ATTEMPT = "CamelSmtpxFirstAttempt";
    @Metadata(label = "producer", description = "On a message sent to the retry endpoint: the earliest time for the"
                                                + " next attempt (epoch milliseconds), from retrySchedule.",
              javaType = "Long")
    public static final String NEXT_ATTEMPT = "CamelSmtpxNextAttempt";
    @Metadata(label = "producer", description = "On a message sent to the retry endpoint: the recipients still"
                                                + " pending, comma separated.", javaType = "String")
    public static final String PENDING_RECIPIENTS = "CamelSmtpxPendingRecipients";
    @Metadata(label = "producer", description = "Where the component routed the failed part of the message: retry,"
                                                + " deadLetter or both, comma separated.", javaType = "String")
    public static final String ROUTED_TO = "CamelSmtpxRoutedTo";

    // ---- inputs

    @Metadata(label = "producer", description = "The envelope sender (MAIL FROM) when it should differ from the From"
                                                + " header, e.g. a bounce address. An empty string sends the null"
                                                + " reverse path.", javaType = "String")
    public static final String ENVELOPE_FROM = "CamelSmtpxEnvelopeFrom";
    @Metadata(label = "producer", description = "Ask for delivery status notifications (RFC 3461): NEVER, or a comma"
                                                + " separated subset of SUCCESS, FAILURE, DELAY. Sent only when the"
                                                + " server offers DSN.", javaType = "String")
    public static final String DSN_NOTIFY = "CamelSmtpxDsnNotify";
    @Metadata(label = "producer", description = "DSN RET parameter: FULL or HDRS.", javaType = "String")
    public static final String DSN_RET = "CamelSmtpxDsnRet";
    @Metadata(label = "producer", description = "DSN ENVID parameter: an envelope id echoed in notifications.",
              javaType = "String")
    public static final String DSN_ENVID = "CamelSmtpxDsnEnvid";

    private SmtpxConstants() {
    }
}

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

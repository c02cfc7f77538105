package io.smtpx.reply;

/** Why a reply was given, in the fixed taxonomy the route can act on (DESIGN.md section 4). */
public enum Reason {
    DELIVERED,
    MAILBOX_UNKNOWN,
    MAILBOX_FULL,
    MAILBOX_DISABLED,
    DOMAIN_UNKNOWN,
    RELAY_DENIED,
    AUTH_REQUIRED,
    AUTH_FAILED,
    TLS_REQUIRED,
    MESSAGE_TOO_LARGE,
    TOO_MANY_RECIPIENTS,
    RATE_LIMITED,
    GREYLISTED,
    SPAM_CONTENT,
    BLOCKLISTED,
    /** SPF, DKIM or DMARC failed for the sender's domain. */
    SENDER_AUTH_FAILED,
    SENDER_REJECTED,
    POLICY,
    SERVER_BUSY,
    SYNTAX,
    NETWORK,
    UNKNOWN
}

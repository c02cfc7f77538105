package io.smtpx.delivery;

/** When direct delivery encrypts its connection to an MX host. */
public enum MxTlsPolicy {
    /**
     * STARTTLS when the MX host offers it, plain text otherwise; the certificate is not checked (RFC 7435
     * opportunistic security: what MTAs do between each other without DANE or MTA-STS). A failed handshake is retried
     * on a new connection in plain text, as Postfix does at its "may" level.
     */
    OPPORTUNISTIC,
    /**
     * STARTTLS must be offered and succeed, with a certificate trusted and valid for the MX host name; an MX host that
     * fails this is passed over, never used in plain text.
     */
    REQUIRED,
    /** Never TLS. */
    NONE
}

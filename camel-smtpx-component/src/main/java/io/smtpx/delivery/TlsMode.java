package io.smtpx.delivery;

/** When a session uses TLS. */
public enum TlsMode {
    /** TLS from the first byte (port 465). */
    IMPLICIT,
    /** STARTTLS must be offered and succeed, else the session fails; never falls back to plain text. */
    STARTTLS_REQUIRED,
    /** STARTTLS when the server offers it, plain text otherwise (what MTAs do between each other). */
    STARTTLS_OPPORTUNISTIC,
    /** Never TLS. */
    NONE
}

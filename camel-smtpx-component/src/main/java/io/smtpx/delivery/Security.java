package io.smtpx.delivery;

/** How the connection to a relay is protected. */
public enum Security {
    /** Plain connection upgraded with STARTTLS, which must be offered (RFC 3207); port 587 by default. */
    STARTTLS(587),
    /** TLS from the first byte (RFC 8314 implicit TLS); port 465 by default. */
    TLS(465),
    /** No encryption; port 25 by default. No credentials are sent unless explicitly allowed. */
    NONE(25);

    private final int defaultPort;

    Security(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }
}

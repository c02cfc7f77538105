package io.smtpx.delivery;

/**
 * Where and how to submit to a relay (smarthost).
 *
 * @param host                         the relay's host name
 * @param port                         its port; 0 for the default of the security mode
 * @param security                     STARTTLS, TLS or NONE
 * @param session                      TLS, credentials, timeouts and EHLO name
 * @param maxRecipientsPerTransaction  recipients per MAIL transaction; more are split over several
 */
public record RelaySettings(String host, int port, Security security, SessionSettings session,
        int maxRecipientsPerTransaction) {

    public RelaySettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("The relay host is required (smtpx:relay?host=...)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
        if (maxRecipientsPerTransaction < 1) {
            throw new IllegalArgumentException("maxRecipientsPerTransaction must be at least 1");
        }
        port = port == 0 ? security.defaultPort() : port;
    }

    /** The TLS mode a security setting stands for: STARTTLS is always required for a relay, never opportunistic. */
    public static TlsMode tlsModeOf(Security security) {
        return switch (security) {
            case STARTTLS -> TlsMode.STARTTLS_REQUIRED;
            case TLS -> TlsMode.IMPLICIT;
            case NONE -> TlsMode.NONE;
        };
    }
}

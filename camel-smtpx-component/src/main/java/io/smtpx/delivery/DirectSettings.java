package io.smtpx.delivery;

import java.net.InetAddress;
import java.util.List;

/**
 * How to deliver straight to the recipient domains' MX hosts. No credentials: MX hosts take mail for their own domains
 * without authentication.
 *
 * @param port                        the port of every MX host: 25, or another one for tests and special setups
 * @param tlsPolicy                   when to encrypt
 * @param verifiedTls                 the SSL context (trust material) for {@link MxTlsPolicy#REQUIRED}; null for the
 *                                    JVM's
 * @param allowLegacyTls              allow TLS 1.0 and 1.1
 * @param heloName                    the name given in EHLO/HELO; it should be this host's public name
 * @param localAddress                the local address to connect from, or null for any
 * @param connectTimeoutMillis        connect (and TLS handshake) timeout, per MX address
 * @param readTimeoutMillis           how long to wait for each reply, or for the server to take more of a message
 * @param maxRecipientsPerTransaction recipients per MAIL transaction; more are split over several
 */
public record DirectSettings(
        int port,
        MxTlsPolicy tlsPolicy,
        TlsSettings verifiedTls,
        boolean allowLegacyTls,
        String heloName,
        InetAddress localAddress,
        int connectTimeoutMillis,
        int readTimeoutMillis,
        int maxRecipientsPerTransaction) {

    /** The SMTP port, where MX hosts listen (RFC 5321 section 4.5.4). */
    public static final int SMTP_PORT = 25;

    public DirectSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("mxPort out of range: " + port);
        }
        if (tlsPolicy == null) {
            tlsPolicy = MxTlsPolicy.OPPORTUNISTIC;
        }
        if (heloName == null || heloName.isBlank()) {
            throw new IllegalArgumentException("A HELO name is required for direct delivery");
        }
        if (maxRecipientsPerTransaction < 1) {
            throw new IllegalArgumentException("maxRecipientsPerTransaction must be at least 1");
        }
        if (tlsPolicy == MxTlsPolicy.REQUIRED) {
            TlsSettings tls = verifiedTls == null ? TlsSettings.secureDefaults() : verifiedTls;
            // REQUIRED means verified: the certificate must be valid for the MX host name
            verifiedTls = new TlsSettings(tls.sslContext(), true, allowLegacyTls);
        }
    }

    /** The session settings the policy stands for. */
    SessionSettings session() {
        return switch (tlsPolicy) {
            case OPPORTUNISTIC -> session(TlsMode.STARTTLS_OPPORTUNISTIC, OpportunisticTls.settings(allowLegacyTls));
            case REQUIRED -> session(TlsMode.STARTTLS_REQUIRED, verifiedTls);
            case NONE -> plaintextSession();
        };
    }

    /** The same, without TLS: the retry after an opportunistic handshake failed. */
    SessionSettings plaintextSession() {
        return session(TlsMode.NONE, null);
    }

    private SessionSettings session(TlsMode mode, TlsSettings tls) {
        return new SessionSettings(mode, tls, null, List.of(), false, heloName, localAddress, connectTimeoutMillis,
                readTimeoutMillis);
    }
}

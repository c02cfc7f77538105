package io.smtpx.delivery;

import java.net.InetAddress;
import java.util.List;

/**
 * Everything one SMTP session needs besides the server's address.
 *
 * @param tlsMode                when to use TLS
 * @param tls                    SSL context and verification
 * @param credentials            what to authenticate with, or null for no AUTH
 * @param authMechanisms         the mechanisms allowed, in order of preference
 * @param allowPlaintextAuth     send credentials over an unencrypted connection (only for test servers)
 * @param heloName               the name given in EHLO/HELO
 * @param localAddress           the local address to connect from, or null for any
 * @param connectTimeoutMillis   connect (and TLS handshake) timeout
 * @param readTimeoutMillis      how long to wait for each reply, or for the server to take more of a message
 */
public record SessionSettings(
        TlsMode tlsMode,
        TlsSettings tls,
        Credentials credentials,
        List<AuthMechanism> authMechanisms,
        boolean allowPlaintextAuth,
        String heloName,
        InetAddress localAddress,
        int connectTimeoutMillis,
        int readTimeoutMillis) {

    public SessionSettings {
        authMechanisms = authMechanisms == null || authMechanisms.isEmpty()
                ? List.of(AuthMechanism.values()) : List.copyOf(authMechanisms);
        if (tls == null && tlsMode != TlsMode.NONE) {
            tls = TlsSettings.secureDefaults();
        }
        if (credentials != null && tlsMode == TlsMode.NONE && !allowPlaintextAuth) {
            throw new IllegalArgumentException(
                    "Credentials are configured but the connection is not encrypted (security=NONE): they would travel"
                                               + " in clear text. Use security=STARTTLS (port 587) or TLS (port 465),"
                                               + " or set allowPlaintextAuth=true for a test server.");
        }
    }
}

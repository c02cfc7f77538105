package io.smtpx.delivery;

import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;

/**
 * How TLS connections are made: the SSL context (trust and key material), whether the server's certificate must match
 * the host name, and whether protocols older than TLS 1.2 may be used (only when asked for by name).
 */
public record TlsSettings(SSLContext sslContext, boolean verifyHostname, boolean allowLegacyProtocols) {

    /** The JVM's default trust store, host names verified, TLS 1.2 or later. */
    public static TlsSettings secureDefaults() {
        try {
            return new TlsSettings(SSLContext.getDefault(), true, false);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No default SSLContext in this JVM", e);
        }
    }
}

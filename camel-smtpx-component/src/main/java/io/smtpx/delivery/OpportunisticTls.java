package io.smtpx.delivery;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for opportunistic STARTTLS between MTAs (RFC 7435, RFC 3207 section 4.1): encrypt whenever the server offers
 * it, whatever certificate it presents, since the alternative is not a verified connection but a plain-text one.
 * Only ever used with {@link MxTlsPolicy#OPPORTUNISTIC}; relays and {@link MxTlsPolicy#REQUIRED} verify certificates.
 */
final class OpportunisticTls {

    private OpportunisticTls() {
    }

    /** Made once: sessions are pooled per settings, so every delivery must see the same ones. */
    private static final SSLContext CONTEXT = acceptingAnyCertificate();
    private static final TlsSettings MODERN = new TlsSettings(CONTEXT, false, false);
    private static final TlsSettings LEGACY = new TlsSettings(CONTEXT, false, true);

    /** An SSL context that accepts any server certificate, and no host name check. */
    static TlsSettings settings(boolean allowLegacyProtocols) {
        return allowLegacyProtocols ? LEGACY : MODERN;
    }

    private static SSLContext acceptingAnyCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAnyCertificate()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS in this JVM", e);
        }
    }

    /**
     * Trusts every server certificate. An X509ExtendedTrustManager, so that the JDK does not wrap it with checks of
     * its own (host name, algorithm constraints) that would make the handshake fail for exactly the servers
     * opportunistic TLS is meant to encrypt anyway.
     */
    private static final class AcceptAnyCertificate extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // opportunistic: any certificate encrypts as well as a trusted one
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // opportunistic: any certificate encrypts as well as a trusted one
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // opportunistic: any certificate encrypts as well as a trusted one
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws
                CertificateException {
            throw new CertificateException("A client does not authenticate clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws
                CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws
                CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

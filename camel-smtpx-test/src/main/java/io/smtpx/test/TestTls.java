package io.smtpx.test;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from the PKCS12 key stores a test keeps on its class path (password {@value #PASSWORD}): a server's,
 * for {@link ScriptedSmtpServer#startTls} or SubEthaSMTP, and a client's that trusts only the test certificates.
 */
public final class TestTls {

    /** The password of the test key stores. */
    public static final String PASSWORD = "changeit";

    private TestTls() {
    }

    /** A server context presenting the key in {@code resource} (a class path resource, e.g. "tls/server.p12"). */
    public static SSLContext serverContext(String resource) throws GeneralSecurityException, IOException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore(resource), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A client context trusting the certificates in {@code resource} and nothing else. */
    public static SSLContext clientContext(String resource) throws GeneralSecurityException, IOException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore(resource));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore keyStore(String resource) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("No key store " + resource + " on the class path");
            }
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}

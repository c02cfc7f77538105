package io.smtpx.camel;

import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/** Camel SSL parameters trusting the test certificates in src/test/resources/tls (and nothing else). */
final class TestTrustStore {

    private TestTrustStore() {
    }

    static SSLContextParameters parameters() {
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource("classpath:tls/truststore.p12");
        trustStore.setPassword("changeit");
        trustStore.setType("PKCS12");
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setKeyStore(trustStore);
        SSLContextParameters trust = new SSLContextParameters();
        trust.setTrustManagers(trustManagers);
        return trust;
    }
}

package io.smtpx.interop;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the servers that interop/run.sh started are: addresses, ports, credentials and the private directory with
 * their mailboxes and queues, all from system properties the script passes. Without them the tests fail at once:
 * they are meant to run through the script, never to be skipped quietly.
 */
final class Interop {

    static final Path DIR = Path.of(required("interop.dir"));
    static final String RELAY_HOST = required("interop.relay.host");
    static final int RELAY_PORT = Integer.parseInt(required("interop.relay.port"));
    static final int RELAY_TLS_PORT = Integer.parseInt(required("interop.relay.tlsPort"));
    static final int RELAY_PLAIN_PORT = Integer.parseInt(required("interop.relay.plainPort"));
    static final String SASL_USER = required("interop.sasl.user");
    static final String SASL_PASSWORD = required("interop.sasl.password");
    static final String MX1_HOST = required("interop.mx1.host");
    static final String MX2_HOST = required("interop.mx2.host");
    static final String MX3_HOST = required("interop.mx3.host");
    static final int MX_PORT = Integer.parseInt(required("interop.mx.port"));
    static final String DNS = required("interop.dns");

    /** The relay Postfix: its queue and the virtual mailboxes it delivers what it relays to. */
    static final PostfixInstance RELAY = new PostfixInstance("relay", DIR.resolve("relay"));
    /** The MX Postfix: one instance behind the three MX listeners. */
    static final PostfixInstance MX = new PostfixInstance("mx", DIR.resolve("mx"));

    static final Path TRUST_STORE = DIR.resolve("tls/truststore.p12");

    private Interop() {
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set: run the interop suite with"
                                            + " 'bash interop/run.sh', which starts the servers and passes it");
        }
        return value;
    }

    static {
        if (!Files.isDirectory(DIR)) {
            throw new IllegalStateException("interop.dir " + DIR + " does not exist: run 'bash interop/run.sh'");
        }
    }
}

package io.smtpx.camel;

import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.smtpx.test.ScriptedSmtpServer;

/** A Camel test with a scripted SMTP server on 127.0.0.1 and an smtpx:relay URI pointing at it. */
abstract class ScriptedRelayTestSupport extends CamelTestSupport {

    protected ScriptedSmtpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1");
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    /** Plain SMTP (loopback, no credentials) to the scripted server, with extra {@code options} if not empty. */
    protected String relay(String options) {
        return "smtpx:relay?host=127.0.0.1&port=" + server.port() + "&security=NONE&heloName=client.test"
               + (options.isEmpty() ? "" : "&" + options);
    }
}

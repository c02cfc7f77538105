package io.smtpx.springboot.health;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.helper.BasicMessageListener;
import org.subethamail.smtp.server.SMTPServer;

import io.smtpx.delivery.Security;
import io.smtpx.delivery.TlsSettings;
import io.smtpx.reply.SmtpStage;
import io.smtpx.test.TestTls;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay probe against SubEthaSMTP on 127.0.0.1, with and without STARTTLS, and against nothing at all. */
class RelayProbeTest {

    private SMTPServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void isUpWhenTheRelayAnswersEhloStartTlsAndEhloAgain() throws Exception {
        start("server.p12");

        ProbeResult result = probe().probe(new Relay("127.0.0.1", server.getPortAllocated(), Security.STARTTLS));

        assertThat(result.up()).as(result.message()).isTrue();
        assertThat(result.reply().code()).isEqualTo(220);
    }

    @Test
    void isDownWhenTheCertificateDoesNotNameTheRelay() throws Exception {
        start("wronghost.p12");

        ProbeResult result = probe().probe(new Relay("127.0.0.1", server.getPortAllocated(), Security.STARTTLS));

        assertThat(result.up()).isFalse();
        assertThat(result.stage()).isEqualTo(SmtpStage.STARTTLS);
        assertThat(result.reply().isLocal()).isTrue();
        assertThat(result.reply().enhancedStatus()).isEqualTo("4.7.5");
        assertThat(result.message()).contains("TLS handshake with 127.0.0.1", "failed");
    }

    @Test
    void isDownWhenStartTlsIsRequiredButNotOffered() throws Exception {
        start(null);

        ProbeResult result = probe().probe(new Relay("127.0.0.1", server.getPortAllocated(), Security.STARTTLS));

        assertThat(result.up()).isFalse();
        assertThat(result.stage()).isEqualTo(SmtpStage.STARTTLS);
        assertThat(result.message()).contains("TLS is required, but was not offered");
    }

    @Test
    void isUpWithoutTlsWhenSecurityIsNone() throws Exception {
        start(null);

        ProbeResult result = probe().probe(new Relay("127.0.0.1", server.getPortAllocated(), Security.NONE));

        assertThat(result.up()).as(result.message()).isTrue();
    }

    @Test
    void isDownAtConnectWhenNothingListens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }

        ProbeResult result = probe().probe(new Relay("127.0.0.1", closedPort, Security.NONE));

        assertThat(result.up()).isFalse();
        assertThat(result.stage()).isEqualTo(SmtpStage.CONNECT);
        assertThat(result.reply().isLocal()).isTrue();
        assertThat(result.message()).startsWith("no SMTP session at CONNECT: ");
    }

    private void start(String keyStore) throws Exception {
        BasicMessageListener ignore = (context, from, to, data) -> {
        };
        SMTPServer.Builder builder = SMTPServer.port(0).bindAddress(InetAddress.getByName("127.0.0.1"))
                .messageHandler(ignore);
        if (keyStore != null) {
            builder.enableTLS().requireTLS().startTlsSocketFactory(TestTls.serverContext("tls/" + keyStore));
        }
        server = builder.build();
        server.start();
    }

    private static RelayProbe probe() throws Exception {
        return new RelayProbe(new TlsSettings(TestTls.clientContext("tls/truststore.p12"), true, false), "probe.test",
                Duration.ofSeconds(5));
    }
}

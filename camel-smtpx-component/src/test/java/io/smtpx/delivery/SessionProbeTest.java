package io.smtpx.delivery;

import org.junit.jupiter.api.Test;

import io.smtpx.reply.SmtpStage;
import io.smtpx.test.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The health probe is a session set up as a delivery would, then closed: against the test kit's server. */
class SessionProbeTest {

    private static final SessionSettings PLAIN = new SessionSettings(TlsMode.NONE, null, null, null, false,
            "probe.test", null, 5000, 5000);

    @Test
    void isUpWithTheGreetingAndSaysQuitWithoutSendingMail() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            SessionProbe.Outcome outcome = SessionProbe.probe(server.host(), server.port(), PLAIN);

            assertThat(outcome.up()).isTrue();
            assertThat(outcome.reply().code()).isEqualTo(220);
            assertThat(server.commands()).containsExactly("EHLO probe.test", "QUIT");
        }
    }

    @Test
    void isDownWithTheServersRefusal() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().greeting("554 5.3.2 No service for you")) {
            SessionProbe.Outcome outcome = SessionProbe.probe(server.host(), server.port(), PLAIN);

            assertThat(outcome.up()).isFalse();
            assertThat(outcome.stage()).isEqualTo(SmtpStage.CONNECT);
            assertThat(outcome.reply().isLocal()).isFalse();
            assertThat(outcome.reply().code()).isEqualTo(554);
        }
    }
}

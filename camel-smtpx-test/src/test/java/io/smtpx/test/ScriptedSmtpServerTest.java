package io.smtpx.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpx.test.ScriptedSmtpServer.ReceivedMessage;
import io.smtpx.test.ScriptedSmtpServer.Stage;

import static org.assertj.core.api.Assertions.assertThat;

/** The scripted server against a bare socket client: what a script sees, and what the server counts. */
class ScriptedSmtpServerTest {

    private static final String MESSAGE = "Message-ID: <42@shop.example>\nSubject: Your\n order\n\nHello.";

    private ScriptedSmtpServer server;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedSmtpServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void numbersAttemptsPerRecipientAcrossConnections() throws Exception {
        server.onRcpt(rcpt -> rcpt.address().equals("bob@example.org") && rcpt.attempt() <= 2
                ? "450 4.2.0 Greylisted, attempt " + rcpt.attempt() + " on connection " + rcpt.connection()
                : "250 2.1.5 Ok");

        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (SmtpClient client = new SmtpClient(server)) {
                client.send("EHLO client.test");
                client.send("MAIL FROM:<shop@example.com>");
                client.send("RCPT TO:<alice@example.org>");
                replies.add(client.send("RCPT TO:<bob@example.org>"));
            }
        }

        assertThat(replies).containsExactly("450 4.2.0 Greylisted, attempt 1 on connection 1",
                "450 4.2.0 Greylisted, attempt 2 on connection 2", "250 2.1.5 Ok");
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void takesQueuedRepliesFirstRecipientsBeforeStagesThenTheFunction() throws Exception {
        server.onRcpt(rcpt -> "250 2.1.5 function");
        server.script(Stage.RCPT, "451 4.3.0 stage");
        server.scriptRecipient("Bob@Example.org", "452 4.2.2 recipient");

        try (SmtpClient client = new SmtpClient(server)) {
            client.send("EHLO client.test");
            client.send("MAIL FROM:<shop@example.com>");
            assertThat(client.send("RCPT TO:<bob@example.org>")).isEqualTo("452 4.2.2 recipient");
            assertThat(client.send("RCPT TO:<bob@example.org>")).isEqualTo("451 4.3.0 stage");
            assertThat(client.send("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 function");
        }
    }

    @Test
    void refusesOnlyTheConnectionsItWasToldTo() throws Exception {
        server.script(Stage.CONNECT, "421 4.3.2 Too busy");

        try (SmtpClient first = new SmtpClient(server); SmtpClient second = new SmtpClient(server)) {
            assertThat(first.greeting()).isEqualTo("421 4.3.2 Too busy");
            assertThat(first.send("EHLO client.test")).as("closed after a refusing greeting").isNull();
            assertThat(second.greeting()).startsWith("220 ");
        }
    }

    @Test
    void countsAsDeliveredOnlyAMessageWhoseFinalDotGot2xx() throws Exception {
        server.script(Stage.EOD, ScriptedSmtpServer.DROP, "451 4.3.0 Try later");

        String[] replies = new String[3];
        for (int i = 0; i < 3; i++) {
            try (SmtpClient client = new SmtpClient(server)) {
                client.send("EHLO client.test");
                replies[i] = client.mail("shop@example.com", "bob@example.org", MESSAGE);
            }
        }

        assertThat(replies).containsExactly(null, "451 4.3.0 Try later", "250 2.0.0 Ok: queued as Q3");
        assertThat(server.messages()).extracting(ReceivedMessage::sequence).containsExactly(1, 2, 3);
        assertThat(server.delivered()).singleElement().satisfies(m -> {
            assertThat(m.sequence()).isEqualTo(3);
            assertThat(m.connection()).isEqualTo(3);
            assertThat(m.recipients()).containsExactly("bob@example.org");
            assertThat(m.messageId()).isEqualTo("<42@shop.example>");
            assertThat(m.header("subject")).as("unfolded").isEqualTo("Your order");
        });
        assertThat(server.deliveredTo("BOB@example.org")).isEqualTo(1);
        assertThat(server.deliveredTo("alice@example.org")).isZero();
    }

    @Test
    void answersAfterADelayAndCanDropAfterOne() throws Exception {
        server.onMail(mail -> ScriptedSmtpServer.delayed(Duration.ofMillis(300), "250 2.1.0 Slow but ok"));
        server.onData(data -> ScriptedSmtpServer.delayed(Duration.ofMillis(100), ScriptedSmtpServer.DROP));

        try (SmtpClient client = new SmtpClient(server)) {
            client.send("EHLO client.test");
            long before = System.nanoTime();
            assertThat(client.send("MAIL FROM:<shop@example.com>")).isEqualTo("250 2.1.0 Slow but ok");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            client.send("RCPT TO:<bob@example.org>");
            assertThat(client.send("DATA")).isNull();
        }
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void countsADelayed250AsDeliveredEvenWhenTheClientGaveUpWaiting() throws Exception {
        server.onEndOfData(m -> ScriptedSmtpServer.delayed(Duration.ofSeconds(10), "250 2.0.0 Ok"));

        try (SmtpClient client = new SmtpClient(server)) {
            client.send("EHLO client.test");
            client.send("MAIL FROM:<shop@example.com>");
            client.send("RCPT TO:<bob@example.org>");
            client.send("DATA");
            // the client sends the final dot and hangs up without waiting for the reply
            client.sendWithoutReply(MESSAGE.replace("\n", "\r\n") + "\r\n.");
        }

        long deadline = System.currentTimeMillis() + 5_000;
        while (server.delivered().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.deliveredTo("bob@example.org")).as("the duplicate a client cannot know of").isEqualTo(1);
    }

    @Test
    void writesMultiLineRepliesAndAnnouncesExtensions() throws Exception {
        server.hostName("mx.example.org").extensions("SIZE 1000", "AUTH PLAIN");
        server.onRcpt(rcpt -> "550-5.1.1 The email account does not exist.\n550 5.1.1 Please try again.");

        try (SmtpClient client = new SmtpClient(server)) {
            assertThat(client.greeting()).isEqualTo("220 mx.example.org ESMTP ready");
            assertThat(client.send("EHLO client.test")).isEqualTo("250-mx.example.org\n250-SIZE 1000\n250 AUTH PLAIN");
            client.send("MAIL FROM:<>");
            assertThat(client.send("RCPT TO:<x@example.org>"))
                    .isEqualTo("550-5.1.1 The email account does not exist.\n550 5.1.1 Please try again.");
        }
    }

    @Test
    void refusesMailUntilStartTlsWhenTlsIsRequired() throws Exception {
        server.brokenStartTls().requireTls();

        try (SmtpClient client = new SmtpClient(server)) {
            assertThat(client.send("EHLO client.test")).endsWith("\n250 STARTTLS");
            assertThat(client.send("MAIL FROM:<shop@example.com>"))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(client.send("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
        }
    }

    @Test
    void forgetsWhatItRecordedOnReset() throws Exception {
        server.script(Stage.RCPT, "450 4.2.0 queued and forgotten");
        try (SmtpClient client = new SmtpClient(server)) {
            client.send("EHLO client.test");
            client.mail("shop@example.com", "bob@example.org", MESSAGE);
        }

        server.reset();

        assertThat(server.commands()).isEmpty();
        assertThat(server.messages()).isEmpty();
        assertThat(server.connections()).isZero();
        server.onRcpt(rcpt -> "250 2.1.5 attempt " + rcpt.attempt());
        try (SmtpClient client = new SmtpClient(server)) {
            client.send("EHLO client.test");
            client.send("MAIL FROM:<shop@example.com>");
            assertThat(client.send("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 attempt 1");
        }
    }
}

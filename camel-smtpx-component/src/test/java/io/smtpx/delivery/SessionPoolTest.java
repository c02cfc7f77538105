package io.smtpx.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpx.reply.ReplyClassifier;
import io.smtpx.test.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The engine without Camel: a relay delivery with pooled sessions. */
class SessionPoolTest {

    private static final Envelope ENVELOPE = new Envelope("sender@example.com", List.of("a@example.org"));

    private ScriptedSmtpServer server;
    private RelayDelivery relay;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
        server.close();
    }

    private RelayDelivery relay(PoolSettings pool) {
        SessionSettings session = new SessionSettings(TlsMode.NONE, null, null, List.of(), false, "client.test", null,
                5000, 5000);
        return new RelayDelivery(new RelaySettings("127.0.0.1", server.port(), Security.NONE, session, 100),
                ReplyClassifier.defaults(), new SessionPool(pool));
    }

    /** Two sessions at most, 100 messages each, a new one waited for up to 5 s. */
    private static PoolSettings pool(Duration maxSessionAge, Duration idleTimeout, Duration checkAfterIdle) {
        return new PoolSettings(2, 100, maxSessionAge, idleTimeout, checkAfterIdle, Duration.ofSeconds(5));
    }

    private static MessageContent message() throws Exception {
        MimeMessage message = new StableIdMimeMessage(Session.getInstance(new Properties()));
        message.setText("Hello");
        message.setSubject("Test");
        return MimeMessageContent.of(message);
    }

    @Test
    void checksASessionThatWasIdleWithNoopBeforeReusingIt() throws Exception {
        relay = relay(pool(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO));

        assertThat(relay.deliver(ENVELOPE, message()).isSuccess()).isTrue();
        DeliveryReport second = relay.deliver(ENVELOPE, message());

        assertThat(second.isSuccess()).isTrue();
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.commands()).filteredOn(c -> c.startsWith("MAIL") || c.equals("NOOP")).hasSize(3)
                .element(1).isEqualTo("NOOP");
    }

    @Test
    void closesIdleSessionsAfterTheIdleTimeout() throws Exception {
        relay = relay(pool(Duration.ZERO, Duration.ofMillis(200), Duration.ZERO));

        assertThat(relay.deliver(ENVELOPE, message()).isSuccess()).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
        assertThat(server.commands()).last().isEqualTo("QUIT");
    }

    @Test
    void sendsNoMessageOnASessionThatGrewOlderThanMaxSessionAgeWhileIdle() throws Exception {
        relay = relay(pool(Duration.ofMillis(300), Duration.ofMinutes(1), Duration.ofMinutes(1)));

        assertThat(relay.deliver(ENVELOPE, message()).isSuccess()).isTrue();
        Thread.sleep(500);
        assertThat(relay.deliver(ENVELOPE, message()).isSuccess()).isTrue();

        assertThat(server.messages()).extracting(ScriptedSmtpServer.ReceivedMessage::connection)
                .containsExactly(1, 2);
        assertThat(server.commands()).filteredOn(c -> c.startsWith("EHLO") || c.equals("QUIT"))
                .extracting(c -> c.split(" ")[0]).containsExactly("EHLO", "QUIT", "EHLO");
    }

    @Test
    void closesASessionRightAwayWhenItReachedMaxSessionAgeDuringAMessage() throws Exception {
        server.onEndOfData(message -> ScriptedSmtpServer.delayed(Duration.ofMillis(400), "250 2.0.0 Ok"));
        relay = relay(pool(Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofMinutes(1)));

        assertThat(relay.deliver(ENVELOPE, message()).isSuccess()).isTrue();

        // without maxSessionAge it would stay open, idle, for the minute of idleTimeout
        await().atMost(Duration.ofSeconds(2)).until(() -> server.openConnections() == 0);
        assertThat(server.commands()).last().isEqualTo("QUIT");
    }

    @Test
    void refusesANegativeMaxSessionAge() {
        assertThatThrownBy(() -> pool(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSessionAge");
    }
}

package io.smtpx.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.smtpx.reply.ReplyClassifier;
import io.smtpx.reply.SmtpStage;
import io.smtpx.test.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every blocking step of a session has a deadline (connect, TLS handshake, each reply, each write of message data),
 * enforced by {@link DeadlineWatchdog} on blocking sockets: a server that hangs anywhere costs a delivery its timeout,
 * never a thread for good.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutsTest {

    private static final int TIMEOUT_MILLIS = 300;
    private static final Envelope ENVELOPE = new Envelope("sender@example.com", List.of("a@example.org"));

    private ScriptedSmtpServer server;
    private SessionPool pool;
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

    private RelayDelivery relay(int port, Security security, TlsMode tlsMode) {
        SessionSettings session = new SessionSettings(tlsMode, null, null, List.of(), false, "client.test", null,
                TIMEOUT_MILLIS, TIMEOUT_MILLIS);
        pool = new SessionPool(new PoolSettings(2, 100, Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofSeconds(5)));
        return new RelayDelivery(new RelaySettings("127.0.0.1", port, security, session, 100),
                ReplyClassifier.defaults(), pool);
    }

    private RelayDelivery plainRelay() {
        return relay(server.port(), Security.NONE, TlsMode.NONE);
    }

    /** A 7-bit message of {@code size} bytes, generated as it is written. */
    private static MessageContent message(int size) {
        return out -> {
            out.write("Subject: large\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = ("x".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int written = 0; written < size; written += line.length) {
                out.write(line);
            }
        };
    }

    private static RecipientResult decisive(DeliveryReport report) {
        return report.results().get(0);
    }

    @Test
    void aGreetingThatNeverComesEndsTheConnectionAfterTheReadTimeout() {
        server.greeting(ScriptedSmtpServer.delayed(Duration.ofSeconds(10), "220 late"));
        relay = plainRelay();

        long start = System.nanoTime();
        RecipientResult result = decisive(relay.deliver(ENVELOPE, message(100)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(result.stage()).isEqualTo(SmtpStage.CONNECT);
        assertThat(result.reply().code()).isEqualTo(421);
        assertThat(result.reply().text()).contains("Timed out waiting for 127.0.0.1", "no reply within 300 ms");
    }

    @Test
    void aReplyToTheFinalDotThatNeverComesMayStillHaveDeliveredTheMessage() {
        server.onEndOfData(message -> ScriptedSmtpServer.delayed(Duration.ofSeconds(10), "250 2.0.0 Ok"));
        relay = plainRelay();

        RecipientResult result = decisive(relay.deliver(ENVELOPE, message(100)));

        assertThat(result.reply().code()).isEqualTo(451);
        assertThat(result.reply().text()).contains("may have been delivered", "no reply within 300 ms");
    }

    @Test
    void aServerThatStopsTakingMessageDataEndsTheTransferAfterTheTimeout() {
        server.onData(command -> ScriptedSmtpServer.stalled("354 End data with <CR><LF>.<CR><LF>"));
        relay = plainRelay();

        long start = System.nanoTime();
        // far more than the socket buffers on both sides take, so that the client's write blocks
        RecipientResult result = decisive(relay.deliver(ENVELOPE, message(64 << 20)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.isAccepted()).isFalse();
        assertThat(result.reply().code()).isEqualTo(421);
        assertThat(result.reply().text()).contains("the server took no data within 300 ms");
        await().atMost(Duration.ofSeconds(2)).until(() -> pool.idleSessions() == 0);
    }

    @Test
    void aTlsHandshakeThatNeverCompletesFailsAfterTheConnectTimeout() {
        // the server greets (in clear text) only after 10 s: the client's ClientHello goes unanswered
        server.greeting(ScriptedSmtpServer.delayed(Duration.ofSeconds(10), "220 late"));
        relay = relay(server.port(), Security.TLS, TlsMode.IMPLICIT);

        RecipientResult result = decisive(relay.deliver(ENVELOPE, message(100)));

        assertThat(result.reply().code()).isEqualTo(454);
        assertThat(result.reply().text()).contains("TLS handshake with 127.0.0.1", "no TLS handshake within 300 ms");
    }

    @Test
    void aConnectionThatIsNeverAcceptedFailsAfterTheConnectTimeout() throws Exception {
        List<Socket> queued = new ArrayList<>();
        // a listener that never accepts: once its backlog is full, Linux drops further SYNs and connects hang
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            fillBacklog(listener, queued);
            relay = relay(listener.getLocalPort(), Security.NONE, TlsMode.NONE);

            RecipientResult result = decisive(relay.deliver(ENVELOPE, message(100)));

            assertThat(result.stage()).isEqualTo(SmtpStage.CONNECT);
            assertThat(result.reply().code()).isEqualTo(421);
            assertThat(result.reply().text()).contains("timed out");
        } finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    private static void fillBacklog(ServerSocket listener, List<Socket> queued) throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(listener.getLocalSocketAddress(), 200);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return;
            }
        }
        throw new IllegalStateException("The listener's backlog never filled up");
    }

    @Test
    void aSessionIdleInThePoolForLongerThanTheTimeoutIsNotClosedByIt() throws Exception {
        relay = plainRelay();

        assertThat(relay.deliver(ENVELOPE, message(100)).isSuccess()).isTrue();
        Thread.sleep(3 * TIMEOUT_MILLIS);
        assertThat(relay.deliver(ENVELOPE, message(100)).isSuccess()).isTrue();

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void theWatchdogThreadRunsOnlyWhileAConnectionIsOpen() throws Exception {
        relay = plainRelay();
        assertThat(relay.deliver(ENVELOPE, message(100)).isSuccess()).isTrue();
        assertThat(watchdogThreads()).isEqualTo(1);

        relay.close();
        relay = null;

        await().atMost(Duration.ofSeconds(5)).until(() -> watchdogThreads() == 0);
    }

    private static long watchdogThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("smtpx-deadlines"))
                .count();
    }
}

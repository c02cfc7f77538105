package io.smtpx.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import io.smtpx.delivery.SmtpxTransientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sessions kept open between messages: reused, bounded (by us and by the server's LIMITS), replaced when dead, never
 * shared by two threads.
 */
class SessionReuseTest extends ScriptedRelayTestSupport {


    private Exchange send(String options, String to) {
        return template.send(relay(options), exchange -> {
            exchange.getMessage().setHeader("From", "sender@example.com");
            exchange.getMessage().setHeader("To", to);
            exchange.getMessage().setBody("Hello " + to);
        });
    }

    private long count(String command) {
        return server.commands().stream().filter(c -> c.startsWith(command)).count();
    }

    @Test
    void sendsConsecutiveMessagesOverOneSession() {
        for (int i = 0; i < 5; i++) {
            assertThat(send("", "r" + i + "@example.org").getException()).isNull();
        }

        assertThat(server.connections()).isEqualTo(1);
        assertThat(count("EHLO")).isEqualTo(1);
        assertThat(server.messages()).hasSize(5);
    }

    @Test
    void replacesASessionAfterItsMessageLimit() {
        for (int i = 0; i < 5; i++) {
            assertThat(send("maxMessagesPerSession=2", "r" + i + "@example.org").getException()).isNull();
        }

        assertThat(server.connections()).isEqualTo(3);
        assertThat(count("QUIT")).as("a full session is closed politely").isEqualTo(2);
    }

    @Test
    void replacesASessionOnceItIsMaxSessionAgeOld() throws Exception {
        assertThat(send("maxSessionAge=300ms", "first@example.org").getException()).isNull();
        Thread.sleep(500);
        assertThat(send("maxSessionAge=300ms", "second@example.org").getException()).isNull();

        assertThat(server.connections()).isEqualTo(2);
        assertThat(count("QUIT")).as("the old session is closed politely").isEqualTo(1);
    }

    @Test
    void opensANewSessionForEveryMessageWhenReuseIsOff() {
        for (int i = 0; i < 3; i++) {
            assertThat(send("maxMessagesPerSession=1", "r" + i + "@example.org").getException()).isNull();
        }

        assertThat(server.connections()).isEqualTo(3);
        assertThat(count("QUIT")).isEqualTo(3);
    }

    @Test
    void deliversOnAFreshSessionWhenTheIdleOneWasClosedByTheServer() throws Exception {
        assertThat(send("", "first@example.org").getException()).isNull();
        server.dropConnections();
        await().atMost(5, TimeUnit.SECONDS).until(() -> server.openConnections() == 0);

        Exchange exchange = send("", "second@example.org");

        assertThat(exchange.getException()).isNull();
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.messages()).extracting(m -> m.recipients().get(0))
                .containsExactly("first@example.org", "second@example.org");
    }

    @Test
    void deliversOnAFreshSessionWhenTheServerSays421ToAReusedOne() {
        assertThat(send("", "first@example.org").getException()).isNull();
        server.onMail(line -> server.messages().size() == 1 && server.connections() == 1
                ? "421 4.4.2 scripted.test Error: timeout exceeded" : "250 2.1.0 Ok");

        Exchange exchange = send("", "second@example.org");

        assertThat(exchange.getException()).isNull();
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.messages()).hasSize(2);
    }

    @Test
    void deliversOnAFreshSessionAndClosesTheReusedOneWhenItRefusesMailForNow() {
        assertThat(send("", "first@example.org").getException()).isNull();
        // a cap on transactions per session that is neither announced nor a 421 (Oracle Messaging Server's words)
        server.onMail(mail -> mail.connection() == 1 ? "451 4.5.3 No more transactions allowed" : "250 2.1.0 Ok");

        Exchange second = send("", "second@example.org");
        Exchange third = send("", "third@example.org");

        assertThat(second.getException()).isNull();
        assertThat(third.getException()).isNull();
        assertThat(server.messages()).extracting(m -> m.connection()).containsExactly(1, 2, 2);
        assertThat(count("QUIT")).as("the refusing session is closed politely, not reused").isEqualTo(1);
    }

    @Test
    void triesOneFreshSessionOnlyWhenMailIsRefusedForNow() {
        assertThat(send("", "first@example.org").getException()).isNull();
        server.onMail(mail -> "451 4.3.0 Temporary lookup failure");

        Exchange exchange = send("", "second@example.org");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CODE, Integer.class)).isEqualTo(451);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void neverLetsTwoThreadsUseOneSession() throws Exception {
        int threads = 16;
        int perThread = 15;
        // a server that notices two transactions interleaved on one connection would see MAIL inside a transaction
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Exchange>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                String to = "t" + t + "m" + i + "@example.org";
                results.add(pool.submit(() -> send("maxSessionsPerDestination=4", to)));
            }
        }
        for (Future<Exchange> result : results) {
            Exchange exchange = result.get(60, TimeUnit.SECONDS);
            assertThat(exchange.getException()).isNull();
            assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CLASS)).isEqualTo("SUCCESS");
        }
        pool.shutdown();

        assertThat(server.messages()).hasSize(threads * perThread);
        assertThat(server.messages()).allSatisfy(m -> assertThat(m.recipients()).hasSize(1));
        assertThat(server.connections()).isLessThanOrEqualTo(4);
        assertThat(count("EHLO")).isEqualTo(server.connections());
    }

    @Test
    void closesEverySessionWhenTheEndpointStops() throws Exception {
        send("", "first@example.org");
        assertThat(server.openConnections()).isEqualTo(1);

        context.stop();

        assertThat(count("QUIT")).isEqualTo(1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> server.openConnections() == 0);
    }

    /** A server that announces {@code limits} with LIMITS (RFC 9422) and holds to MAILMAX as Exim does: 421. */
    private void announceLimits(String limits, int mailMax) {
        server.extensions("PIPELINING", "LIMITS " + limits);
        Map<Integer, Integer> mailsPerConnection = new ConcurrentHashMap<>();
        server.onMail(mail -> mailsPerConnection.merge(mail.connection(), 1, Integer::sum) > mailMax
                ? "421 4.7.0 scripted.test Too many messages in one connection" : "250 2.1.0 Ok");
    }

    @Test
    void sendsNoMoreMessagesPerSessionThanTheServerAnnounces() {
        announceLimits("MAILMAX=2", 2);

        for (int i = 0; i < 5; i++) {
            assertThat(send("", "r" + i + "@example.org").getException()).isNull();
        }

        assertThat(server.messages()).hasSize(5);
        assertThat(server.connections()).isEqualTo(3);
        assertThat(count("QUIT")).as("each full session is closed politely").isEqualTo(2);
    }

    @Test
    void sendsNoMoreRecipientsPerTransactionThanTheServerAnnounces() {
        server.extensions("PIPELINING", "LIMITS RCPTMAX=2");

        Exchange exchange = send("", "a@example.org, b@example.org, c@example.org, d@example.org, e@example.org");

        assertThat(exchange.getException()).isNull();
        assertThat(server.messages()).extracting(m -> m.recipients()).containsExactly(
                List.of("a@example.org", "b@example.org"), List.of("c@example.org", "d@example.org"),
                List.of("e@example.org"));
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ACCEPTED_RECIPIENTS, String.class).split(","))
                .hasSize(5);
    }

    @Test
    void groupsRecipientsByDomainWhenTheServerTakesOneDomainPerTransaction() {
        server.extensions("PIPELINING", "LIMITS RCPTDOMAINMAX=1");

        Exchange exchange = send("", "a@one.example, b@two.example, c@ONE.example, d@two.example");

        assertThat(exchange.getException()).isNull();
        assertThat(server.messages()).extracting(m -> m.recipients()).containsExactly(
                List.of("a@one.example", "c@ONE.example"), List.of("b@two.example", "d@two.example"));
    }

    @Test
    void continuesAMessageOnANewSessionWhenItNeedsMoreTransactionsThanTheServerTakesPerSession() {
        announceLimits("MAILMAX=2 RCPTMAX=1", 2);

        Exchange exchange = send("", "a@example.org, b@example.org, c@example.org");

        assertThat(exchange.getException()).isNull();
        assertThat(server.messages()).extracting(m -> m.connection()).containsExactly(1, 1, 2);
        assertThat(server.messages()).extracting(m -> m.recipients().get(0))
                .containsExactly("a@example.org", "b@example.org", "c@example.org");
    }
}

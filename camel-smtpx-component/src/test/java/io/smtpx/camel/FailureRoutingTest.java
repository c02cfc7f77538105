package io.smtpx.camel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.jms.JmsHeaderFilterStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.delivery.SmtpxTransientException;
import io.smtpx.test.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure routing and the per-recipient ledger: nothing lost, nothing sent twice, across Camel redelivery, a retry
 * queue and an application restart. The server only counts a message as delivered to a recipient when it answered
 * the final dot with 250, as a real MTA commits it.
 */
class FailureRoutingTest extends CamelTestSupport {

    private ScriptedSmtpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = ScriptedSmtpServer.start();
        // a@ always accepts; b@ is greylisted twice, then accepts; c@ does not exist
        server.onRcpt(rcpt -> {
            if (rcpt.address().startsWith("c@")) {
                return "550 5.1.1 <" + rcpt.address() + ">: Recipient address rejected: User unknown";
            }
            if (rcpt.address().startsWith("b@") && rcpt.attempt() <= 2) {
                return "450 4.2.0 <" + rcpt.address() + ">: Recipient address rejected: Greylisted, try again later";
            }
            return "250 2.1.5 Ok";
        });
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    /** The next final dot is answered by a dropped connection: a crash before commit, the server keeps nothing. */
    private void dropNextEndOfData() {
        server.script(ScriptedSmtpServer.Stage.EOD, ScriptedSmtpServer.DROP);
    }

    /** How often the recipient was offered (RCPT TO), whatever the answer. */
    private long rcptCalls(String recipient) {
        return server.commands().stream().filter(c -> c.startsWith("RCPT TO:<" + recipient + ">")).count();
    }

    /** The Message-ID of every delivered message, in order. */
    private List<String> messageIds() {
        return server.delivered().stream().map(ScriptedSmtpServer.ReceivedMessage::messageId).toList();
    }

    private String relay() {
        return "smtpx:relay?host=127.0.0.1&port=" + server.port() + "&security=NONE";
    }

    private static void message(Exchange exchange, String to) {
        exchange.getMessage().setHeader("From", "shop@example.com");
        exchange.getMessage().setHeader("To", to);
        exchange.getMessage().setHeader("Subject", "Your order");
        exchange.getMessage().setBody("Order 42 has shipped.");
    }

    private int deliveredTo(String recipient) {
        return server.deliveredTo(recipient);
    }

    @Test
    void camelRedeliverySkipsRecipientsWhoAlreadyAccepted() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(SmtpxTransientException.class).maximumRedeliveries(5).redeliveryDelay(0);
                from("direct:send").to(relay());
            }
        });

        Exchange exchange = template.send("direct:send", e -> message(e, "a@example.org, b@example.org, c@example.org"));

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class)
                .hasMessageContaining("c@example.org").hasMessageContaining("MAILBOX_UNKNOWN");
        assertThat(deliveredTo("a@example.org")).isEqualTo(1);
        assertThat(deliveredTo("b@example.org")).isEqualTo(1);
        assertThat(deliveredTo("c@example.org")).isZero();
        assertThat(rcptCalls("a@example.org")).as("a is never offered again").isEqualTo(1);
        assertThat(rcptCalls("c@example.org")).as("a permanent refusal is never retried").isEqualTo(1);
        assertThat(messageIds()).hasSize(2).doesNotContainNull();
        assertThat(messageIds().get(0)).as("the same message every attempt").isEqualTo(messageIds().get(1));
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ACCEPTED_RECIPIENTS))
                .isEqualTo("a@example.org,b@example.org");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ATTEMPT)).isEqualTo(3);
    }

    @Test
    void routesTheTransientPartToRetryThePermanentPartToDeadLetterAndGoesOnWithTheAcceptedPart()
            throws Exception {
        MockEndpoint retry = getMockEndpoint("mock:retry");
        MockEndpoint dead = getMockEndpoint("mock:dead");
        retry.expectedMessageCount(1);
        dead.expectedMessageCount(1);
        long before = System.currentTimeMillis();

        Exchange exchange = template.send(relay() + "&retryEndpoint=mock:retry&deadLetterEndpoint=mock:dead",
                e -> message(e, "a@example.org, b@example.org, c@example.org"));

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CLASS)).isEqualTo("SUCCESS");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ACCEPTED_RECIPIENTS)).isEqualTo("a@example.org");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ROUTED_TO)).isEqualTo("retry,deadLetter");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.LEDGER)).isNull();
        MockEndpoint.assertIsSatisfied(retry, dead);

        Exchange toRetry = retry.getExchanges().get(0);
        assertThat(toRetry.getMessage().getHeader(SmtpxConstants.PENDING_RECIPIENTS)).isEqualTo("b@example.org");
        assertThat(toRetry.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("GREYLISTED");
        assertThat(toRetry.getMessage().getHeader(SmtpxConstants.ATTEMPT)).isEqualTo(1);
        assertThat(toRetry.getMessage().getHeader(SmtpxConstants.LEDGER, String.class)).isNotBlank();
        long next = toRetry.getMessage().getHeader(SmtpxConstants.NEXT_ATTEMPT, Long.class);
        assertThat(next).as("first retry after one minute").isBetween(before + 60_000, System.currentTimeMillis() + 60_000);

        Exchange toDead = dead.getExchanges().get(0);
        assertThat(toDead.getMessage().getHeader(SmtpxConstants.FAILED_RECIPIENTS)).isEqualTo("c@example.org");
        assertThat(toDead.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("MAILBOX_UNKNOWN");
        assertThat(toDead.getMessage().getHeader(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("5.1.1");
        assertThat(toDead.getMessage().getHeader(SmtpxConstants.LEDGER)).isNull();
    }

    @Test
    void deliversEveryRecipientExactlyOnceAcrossARetryQueueAndAnApplicationRestart() throws Exception {
        dropNextEndOfData();

        // attempt 1, first application: the connection drops after the final dot (nothing kept), b is greylisted,
        // c does not exist
        Map<String, Object> queued = attemptInFreshApplication(null);
        assertThat(queued).containsKey(SmtpxConstants.LEDGER);
        assertThat(queued.get(SmtpxConstants.PENDING_RECIPIENTS)).isEqualTo("a@example.org,b@example.org");
        assertThat(deliveredTo("a@example.org")).isZero();

        // attempt 2 after a restart, from what a JMS queue would have kept: a is delivered, b greylisted again
        queued = attemptInFreshApplication(afterJmsRoundTrip(queued));
        assertThat(queued.get(SmtpxConstants.PENDING_RECIPIENTS)).isEqualTo("b@example.org");
        assertThat(queued.get(SmtpxConstants.ATTEMPT)).isEqualTo(2);

        // attempt 3 after another restart: b is delivered, nothing is left
        assertThat(attemptInFreshApplication(afterJmsRoundTrip(queued))).isNull();
        assertThat(server.messages()).as("the ledger never leaks into the message itself")
                .noneMatch(m -> m.contentAsString().contains(SmtpxConstants.LEDGER));

        assertThat(deliveredTo("a@example.org")).isEqualTo(1);
        assertThat(deliveredTo("b@example.org")).isEqualTo(1);
        assertThat(deliveredTo("c@example.org")).isZero();
        assertThat(rcptCalls("c@example.org")).isEqualTo(1);
        assertThat(messageIds()).hasSize(2).doesNotContainNull();
        assertThat(messageIds().get(0)).isEqualTo(messageIds().get(1));
        assertThat(deadLetters).singleElement().satisfies(headers -> {
            assertThat(headers.get(SmtpxConstants.FAILED_RECIPIENTS)).isEqualTo("c@example.org");
            assertThat(headers.get(SmtpxConstants.REASON)).isEqualTo("MAILBOX_UNKNOWN");
        });
    }

    private final List<Map<String, Object>> deadLetters = new CopyOnWriteArrayList<>();

    /**
     * Starts an application (a Camel context of its own), sends one message (new, or as it came back from the retry
     * queue), stops the application, and returns the headers of what it put on the retry queue, or null when it put
     * nothing there.
     */
    private Map<String, Object> attemptInFreshApplication(Map<String, Object> fromQueue) throws Exception {
        List<Map<String, Object>> retryQueue = new CopyOnWriteArrayList<>();
        try (CamelContext application = new DefaultCamelContext()) {
            application.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:retry").process(e -> retryQueue.add(jmsHeaders(e)));
                    from("direct:dead").process(e -> deadLetters.add(jmsHeaders(e)));
                }
            });
            application.start();
            ProducerTemplate producer = application.createProducerTemplate();
            Exchange exchange = producer.send(relay() + "&retryEndpoint=direct:retry&deadLetterEndpoint=direct:dead",
                    e -> {
                        message(e, "a@example.org, b@example.org, c@example.org");
                        if (fromQueue != null) {
                            e.getMessage().getHeaders().putAll(fromQueue);
                        }
                    });
            assertThat(exchange.getException()).isNull();
        }
        return retryQueue.isEmpty() ? null : retryQueue.get(0);
    }

    private static Map<String, Object> jmsHeaders(Exchange exchange) {
        return new HashMap<>(exchange.getMessage().getHeaders());
    }

    /**
     * What camel-jms keeps of the headers through a broker with its default header filter: no Camel* header, only
     * string, number and boolean values.
     */
    private Map<String, Object> afterJmsRoundTrip(Map<String, Object> headers) {
        JmsHeaderFilterStrategy filter = new JmsHeaderFilterStrategy();
        Exchange exchange = new DefaultExchange(context);
        Map<String, Object> kept = new HashMap<>();
        headers.forEach((name, value) -> {
            boolean jmsType = value instanceof String || value instanceof Number || value instanceof Boolean;
            if (jmsType && !filter.applyFilterToCamelHeaders(name, value, exchange)
                && !filter.applyFilterToExternalHeaders(name, value, exchange)) {
                kept.put(name, value);
            }
        });
        assertThat(kept).as("the ledger survives the broker").containsKey(SmtpxConstants.LEDGER)
                .doesNotContainKey(SmtpxConstants.ATTEMPT);
        return kept;
    }

    @Test
    void deadLettersPendingRecipientsOnceTheirDeliveryTimeHasExpired() throws Exception {
        MockEndpoint retry = getMockEndpoint("mock:retry");
        MockEndpoint dead = getMockEndpoint("mock:dead");
        String uri = relay() + "&retryEndpoint=mock:retry&deadLetterEndpoint=mock:dead&maxRetryAge=0s";

        template.send(uri, e -> message(e, "b@example.org"));
        assertThat(retry.getExchanges()).hasSize(1);
        Exchange queued = retry.getExchanges().get(0);
        template.send(uri, e -> {
            message(e, "b@example.org");
            e.getMessage().setHeader(SmtpxConstants.LEDGER, queued.getMessage().getHeader(SmtpxConstants.LEDGER));
        });

        assertThat(rcptCalls("b@example.org")).as("not offered again once expired").isEqualTo(1);
        assertThat(dead.getExchanges()).singleElement().satisfies(e -> {
            assertThat(e.getMessage().getHeader(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("5.4.7");
            assertThat(e.getMessage().getHeader(SmtpxConstants.REPLY_CLASS)).isEqualTo("PERMANENT");
            assertThat(e.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("GREYLISTED");
            assertThat(e.getMessage().getHeader(SmtpxConstants.HINT, String.class)).contains("Delivery time expired");
        });
    }

    @Test
    void retriesAnUncertainOutcomeByDefaultAndDeadLettersItWhenAskedTo() throws Exception {
        MockEndpoint retry = getMockEndpoint("mock:retry");
        MockEndpoint dead = getMockEndpoint("mock:dead");

        dropNextEndOfData();
        template.send(relay() + "&retryEndpoint=mock:retry&deadLetterEndpoint=mock:dead", e -> message(e, "a@example.org"));
        dropNextEndOfData();
        template.send(relay() + "&retryEndpoint=mock:retry&deadLetterEndpoint=mock:dead&uncertainOutcome=DEAD_LETTER",
                e -> message(e, "a@example.org"));

        assertThat(retry.getExchanges()).singleElement().satisfies(e -> assertThat(
                e.getMessage().getHeader(SmtpxConstants.PENDING_RECIPIENTS)).isEqualTo("a@example.org"));
        assertThat(dead.getExchanges()).singleElement().satisfies(e -> {
            assertThat(e.getMessage().getHeader(SmtpxConstants.REPLY_CLASS)).isEqualTo("PERMANENT");
            assertThat(e.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("NETWORK");
            assertThat(e.getMessage().getHeader(SmtpxConstants.HINT, String.class)).contains("may have been delivered");
        });
    }

    @Test
    void throwsForAFailedPartThatHasNoEndpointToGoTo() {
        Exchange exchange = template.send(relay() + "&retryEndpoint=mock:retry",
                e -> message(e, "a@example.org, c@example.org"));

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class)
                .hasMessageContaining("c@example.org");
        assertThat(deliveredTo("a@example.org")).isEqualTo(1);
    }
}

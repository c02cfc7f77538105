package io.smtpx.springboot;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.smtpx.camel.SmtpxConstants;
import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.delivery.SmtpxTransientException;
import io.smtpx.test.ScriptedSmtpServer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a whole Spring Boot application: the relay is configured by properties alone, a route delivers to a
 * real SMTP server in this JVM, and the outcome shows up in Actuator's health and metrics endpoints over HTTP.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "server.address=127.0.0.1",
                        "camel.component.smtpx.host=127.0.0.1",
                        "camel.component.smtpx.security=NONE",
                        "camel.component.smtpx.helo-name=starter.test",
                        "camel.component.smtpx.from=App <app@example.com>",
                        "camel.component.smtpx.subject=Hello from the starter",
                        "camel.component.smtpx.connect-timeout=5s",
                        "camel.component.smtpx.read-timeout=5s",
                        "management.endpoints.web.exposure.include=health,metrics",
                        "management.endpoint.health.show-details=always",
                        // Camel lists only the checks that are DOWN unless asked for all
                        "camel.health.exposure-level=full" })
class DeliveryThroughStarterTest {

    private static final ScriptedSmtpServer RELAY = InJvmRelay.start();

    @DynamicPropertySource
    static void relayPort(DynamicPropertyRegistry registry) {
        registry.add("camel.component.smtpx.port", RELAY::port);
    }

    @AfterAll
    static void stopRelay() throws IOException {
        RELAY.close();
    }

    @Autowired
    private ProducerTemplate producer;
    @Autowired
    private MeterRegistry meters;
    @LocalServerPort
    private int port;

    @Test
    void deliversWithTheRelayConfiguredByPropertiesOnly() {
        Exchange exchange = producer.send("direct:mail", e -> {
            e.getMessage().setHeader("To", "someone@example.org");
            e.getMessage().setBody("Configured by application properties.");
        });

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CLASS)).isEqualTo("SUCCESS");
        assertThat(RELAY.delivered()).anySatisfy(received -> {
            assertThat(received.sender()).isEqualTo("app@example.com");
            assertThat(received.recipients()).containsExactly("someone@example.org");
            assertThat(received.contentAsString()).contains("Subject: Hello from the starter")
                    .contains("Configured by application properties.");
        });
    }

    @Test
    void countsDeliveriesByClassAndReasonAndRecipientsByState() {
        double delivered = count("smtpx.deliveries", "class", "SUCCESS", "reason", "DELIVERED");
        double unknown = count("smtpx.deliveries", "class", "PERMANENT", "reason", "MAILBOX_UNKNOWN");
        double busy = count("smtpx.deliveries", "class", "TRANSIENT");
        double accepted = count("smtpx.recipients", "state", "ACCEPTED");
        double refused = count("smtpx.recipients", "state", "PERMANENT", "reason", "MAILBOX_UNKNOWN");
        double deferred = count("smtpx.recipients", "state", "TRANSIENT");

        send("one@example.org");
        Exchange permanent = send("unknown@example.org");
        Exchange partial = send("two@example.org", "busy@example.org");

        assertThat(permanent.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertThat(partial.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(count("smtpx.deliveries", "class", "SUCCESS", "reason", "DELIVERED")).isEqualTo(delivered + 1);
        assertThat(count("smtpx.deliveries", "class", "PERMANENT", "reason", "MAILBOX_UNKNOWN")).isEqualTo(unknown + 1);
        assertThat(count("smtpx.deliveries", "class", "TRANSIENT")).isEqualTo(busy + 1);
        assertThat(count("smtpx.recipients", "state", "ACCEPTED")).isEqualTo(accepted + 2);
        assertThat(count("smtpx.recipients", "state", "PERMANENT", "reason", "MAILBOX_UNKNOWN")).isEqualTo(refused + 1);
        assertThat(count("smtpx.recipients", "state", "TRANSIENT")).isEqualTo(deferred + 1);
        assertThat(meters.get("smtpx.delivery.duration").tag("class", "PERMANENT").timer().count()).isPositive();

        ActuatorClient.Response metric = new ActuatorClient(port)
                .get("metrics/smtpx.deliveries?tag=class:PERMANENT&tag=reason:MAILBOX_UNKNOWN");
        assertThat(metric.status()).isEqualTo(200);
        assertThat(metric.body().at("/measurements/0/statistic").asString()).isEqualTo("COUNT");
        assertThat(metric.body().at("/measurements/0/value").asDouble()).isEqualTo(unknown + 1);
        assertThat(new ActuatorClient(port).get("metrics/smtpx.recipients").body().at("/availableTags"))
                .anySatisfy(tag -> assertThat(tag.get("tag").asString()).isEqualTo("relay"));
    }

    @Test
    void gaugesTheSessionsKeptOpenBetweenMessages() {
        assertThat(send("gauge@example.org").getException()).isNull();

        assertThat(meters.get("smtpx.sessions").tag("state", "idle").gauge().value())
                .as("the session stays open for the next message").isGreaterThanOrEqualTo(1);
        assertThat(meters.get("smtpx.sessions").tag("state", "active").gauge().value()).isZero();
        assertThat(new ActuatorClient(port).get("metrics/smtpx.sessions?tag=state:idle").status()).isEqualTo(200);
    }

    @Test
    void showsTheRelayUpInActuatorHealth() {
        ActuatorClient.Response health = new ActuatorClient(port).get("health");

        assertThat(health.status()).isEqualTo(200);
        JsonNode camel = health.body().at("/components/camelHealth");
        assertThat(camel.get("status").asString()).isEqualTo("UP");
        assertThat(camel.at("/details/smtpx-relay-127.0.0.1:" + RELAY.port()).asString()).isEqualTo("UP");
    }

    private Exchange send(String... recipients) {
        return producer.send("direct:mail", e -> {
            e.getMessage().setHeader("To", String.join(",", recipients));
            e.getMessage().setBody("Counting.");
        });
    }

    private double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counters();
        return counter.stream().mapToDouble(c -> c.count()).sum();
    }
}

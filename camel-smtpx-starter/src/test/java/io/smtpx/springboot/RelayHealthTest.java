package io.smtpx.springboot;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import io.smtpx.test.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay health check against a real SMTP server: UP while it answers EHLO, DOWN (and the application not ready)
 * once it is stopped, as Actuator's health endpoint and its readiness group report it over HTTP.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "server.address=127.0.0.1",
                        "camel.component.smtpx.host=127.0.0.1",
                        "camel.component.smtpx.security=NONE",
                        "camel.component.smtpx.helo-name=starter.test",
                        "camel.component.smtpx.health-check.interval=200ms",
                        "camel.component.smtpx.health-check.timeout=2s",
                        "management.endpoints.web.exposure.include=health",
                        "management.endpoint.health.show-details=always",
                        "management.endpoint.health.probes.enabled=true",
                        // Camel's readiness checks in the Kubernetes-style readiness group, as the README advises
                        "management.endpoint.health.group.readiness.include=readinessState,camelReadinessState",
                        "camel.health.exposure-level=full" })
class RelayHealthTest {

    private static final ScriptedSmtpServer RELAY = InJvmRelay.start();

    @DynamicPropertySource
    static void relayPort(DynamicPropertyRegistry registry) {
        registry.add("camel.component.smtpx.port", RELAY::port);
    }

    @AfterAll
    static void stopRelay() throws IOException {
        RELAY.close();
    }

    @LocalServerPort
    private int port;

    @Test
    void goesDownWhenTheRelayStops() throws IOException {
        ActuatorClient actuator = new ActuatorClient(port);
        String check = "/components/camelHealth/details/smtpx-relay-127.0.0.1:" + RELAY.port();

        ActuatorClient.Response up = actuator.get("health");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.body().at(check).asString()).isEqualTo("UP");
        assertThat(actuator.get("health/readiness").status()).isEqualTo(200);

        RELAY.close();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            ActuatorClient.Response down = actuator.get("health");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body().at(check).asString()).isEqualTo("DOWN");
            JsonNode data = down.body().at(check + ".data");
            assertThat(data.get("stage").asString()).isEqualTo("CONNECT");
            assertThat(data.get("check.kind").asString()).isEqualTo("READINESS");
            assertThat(down.body().at("/components/camelReadinessState/status").asString()).isEqualTo("OUT_OF_SERVICE");
            assertThat(down.body().at("/components/camelLivenessState/status").asString()).isEqualTo("UP");
        });
        assertThat(actuator.get("health/readiness").status()).isEqualTo(503);
        assertThat(actuator.get("health/liveness").status()).isEqualTo(200);
    }
}

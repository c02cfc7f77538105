package io.smtpx.examples.springboot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.smtpx.test.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The example as a user runs it: POST /mail, the embedded server gets the mail, health and metrics show it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "example.heartbeat.delay=600000")
class SmtpxExampleApplicationTest {

    @DynamicPropertySource
    static void freeSmtpPort(DynamicPropertyRegistry registry) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            registry.add("example.embedded-smtp.port", socket::getLocalPort);
        }
    }

    @LocalServerPort
    private int port;
    @Autowired
    private ScriptedSmtpServer smtp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sendsMailPostedToTheRestEndpoint() throws Exception {
        HttpResponse<String> sent = post("/mail", "{\"to\":\"reader@example.org\",\"subject\":\"Hi\",\"text\":\"Hello.\"}");

        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("\"ReplyClass\":\"SUCCESS\"").contains("\"Reason\":\"DELIVERED\"");
        assertThat(smtp.messages()).anySatisfy(mail -> {
            assertThat(mail.recipients()).containsExactly("reader@example.org");
            assertThat(mail.contentAsString()).contains("Subject: Hi").contains("Hello.");
        });
    }

    @Test
    void answersWithTheClassificationWhenARecipientIsRefused() throws Exception {
        HttpResponse<String> sent = post("/mail", "{\"to\":\"unknown@example.org\",\"subject\":\"Hi\",\"text\":\"x\"}");

        assertThat(sent.statusCode()).isEqualTo(502);
        assertThat(sent.body()).contains("\"ReplyClass\":\"PERMANENT\"").contains("\"Reason\":\"MAILBOX_UNKNOWN\"");
        assertThat(get("/actuator/metrics/smtpx.deliveries?tag=reason:MAILBOX_UNKNOWN").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").body()).contains("\"smtpx-relay-127.0.0.1:" + smtp.port() + "\":\"UP\"");
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

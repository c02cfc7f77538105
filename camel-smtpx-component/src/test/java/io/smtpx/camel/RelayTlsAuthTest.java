package io.smtpx.camel;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;


import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.helper.BasicMessageListener;
import org.subethamail.smtp.server.SMTPServer;

import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.delivery.SmtpxTransientException;
import io.smtpx.reply.SmtpStage;
import io.smtpx.test.TestTls;

import static org.assertj.core.api.Assertions.assertThat;

/** STARTTLS and AUTH against SubEthaSMTP, a real SMTP server with its own TLS and SASL code. */
class RelayTlsAuthTest extends CamelTestSupport {

    private static final String PASSWORD = "correct horse battery staple";

    private final List<String> received = new CopyOnWriteArrayList<>();
    private SMTPServer server;

    @BeforeEach
    void bindTrustStore() {
        context.getRegistry().bind("testTrust", TestTrustStore.parameters());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private void startServer(String keyStore, boolean offerTls) throws Exception {
        BasicMessageListener listener = (context, from, to, data) -> received.add(to + "|" + new String(data));
        SMTPServer.Builder builder = SMTPServer.port(0)
                .bindAddress(InetAddress.getByName("127.0.0.1"))
                .messageHandler(listener)
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, ctx) -> {
                    if (!"user".equals(user) || !PASSWORD.equals(password)) {
                        throw new LoginFailedException();
                    }
                }));
        if (offerTls) {
            builder.enableTLS().requireTLS().startTlsSocketFactory(TestTls.serverContext("tls/" + keyStore));
        }
        server = builder.build();
        server.start();
    }

    private Exchange send(String options) {
        String uri = "smtpx:relay?host=localhost&port=" + server.getPortAllocated() + "&sslContextParameters=#testTrust&" + options;
        return template.send(uri, exchange -> {
            exchange.getMessage().setHeader("From", "sender@example.com");
            exchange.getMessage().setHeader("To", "a@example.org");
            exchange.getMessage().setBody("Over TLS");
        });
    }

    private static String bytes(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString();
    }

    @Test
    void deliversOverStartTlsWithAuthPlain() throws Exception {
        startServer("server.p12", true);

        Exchange exchange = send("username=user&password=RAW(" + PASSWORD + ")&authMechanisms=PLAIN");

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CLASS)).isEqualTo("SUCCESS");
        assertThat(received).singleElement().asString().startsWith("a@example.org|").contains("Over TLS");
    }

    @Test
    void deliversOverStartTlsWithAuthLogin() throws Exception {
        startServer("server.p12", true);

        Exchange exchange = send("username=user&password=RAW(" + PASSWORD + ")&authMechanisms=LOGIN");

        assertThat(exchange.getException()).isNull();
        assertThat(received).hasSize(1);
    }

    @Test
    void neverFallsBackToPlainTextWhenStartTlsIsNotOffered() throws Exception {
        startServer("server.p12", false);

        Exchange exchange = send("username=user&password=RAW(" + PASSWORD + ")");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class)
                .hasMessageContaining("TLS is required, but was not offered");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("TLS_REQUIRED");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("4.7.4");
        DeliveryReport report = exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        assertThat(report.decisive().stage()).isEqualTo(SmtpStage.STARTTLS);
        assertThat(report.transcript()).doesNotContain("C: AUTH").doesNotContain("C: MAIL FROM");
        assertThat(received).isEmpty();
    }

    @Test
    void refusesACertificateIssuedForAnotherHost() throws Exception {
        startServer("wronghost.p12", true);

        Exchange exchange = send("username=user&password=RAW(" + PASSWORD + ")");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class)
                .hasMessageContaining("TLS handshake with localhost failed");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("4.7.5");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("TLS_REQUIRED");
        assertThat(received).isEmpty();
    }

    @Test
    void classifiesAWrongPasswordAsAuthFailedWithoutRevealingIt() throws Exception {
        startServer("server.p12", true);

        Exchange exchange = send("username=user&password=RAW(wrong-secret-123)");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class)
                .hasMessageContaining("535");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("AUTH_FAILED");
        assertThat(exchange.getException().getMessage()).doesNotContain("wrong-secret-123");
        DeliveryReport report = exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        assertThat(report.decisive().stage()).isEqualTo(SmtpStage.AUTH);
        assertThat(report.transcript()).contains("TLS established").doesNotContain("wrong-secret-123");
        assertThat(received).isEmpty();
    }
}

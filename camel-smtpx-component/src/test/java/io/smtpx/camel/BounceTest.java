package io.smtpx.camel;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.test.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 3464 delivery status notifications for recipients that refused a message for good. */
class BounceTest extends CamelTestSupport {

    private ScriptedSmtpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1");
        server.onRcpt(line -> line.contains("gone@")
                ? "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown in virtual mailbox table"
                : "250 2.1.5 Ok");
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private String relay(String options) {
        return "smtpx:relay?host=127.0.0.1&port=" + server.port() + "&security=NONE&heloName=mta.example.com" + options;
    }

    private Exchange send(String options) {
        return template.send(relay(options), e -> {
            e.getMessage().setHeader("From", "shop@example.com");
            e.getMessage().setHeader("To", "ok@example.org, gone@example.org");
            e.getMessage().setHeader("Subject", "Order 42");
            e.getMessage().setBody("Shipped.");
        });
    }

    @Test
    void sendsTheSenderAnRfc3464ReportForPermanentlyRefusedRecipients() throws Exception {
        MockEndpoint bounces = getMockEndpoint("mock:bounce");

        Exchange exchange = send("&bounceEndpoint=mock:bounce");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertThat(bounces.getExchanges()).hasSize(1);
        Exchange bounce = bounces.getExchanges().get(0);
        assertThat(bounce.getMessage().getHeader(SmtpxConstants.ENVELOPE_FROM)).isEqualTo("");
        MimeMessage dsn = bounce.getMessage().getBody(MimeMessage.class);
        assertThat(dsn.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        assertThat(dsn.getHeader("To", null)).isEqualTo("shop@example.com");
        assertThat(dsn.getFrom()[0].toString()).contains("MAILER-DAEMON@mta.example.com");
        MimeMultipart report = (MimeMultipart) dsn.getContent();
        assertThat(report.getCount()).isEqualTo(3);
        assertThat(report.getBodyPart(1).getContentType()).isEqualTo("message/delivery-status");
        String status = new String(report.getBodyPart(1).getInputStream().readAllBytes());
        assertThat(status).contains("Reporting-MTA: dns; mta.example.com")
                .contains("Final-Recipient: rfc822; gone@example.org")
                .contains("Action: failed")
                .contains("Status: 5.1.1")
                .contains("Remote-MTA: dns; 127.0.0.1")
                .contains("Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected")
                .doesNotContain("ok@example.org");
        assertThat(report.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(new String(report.getBodyPart(2).getInputStream().readAllBytes())).contains("Subject: Order 42");
    }

    @Test
    void deliversTheBounceWithTheNullReversePathThroughAnSmtpxEndpoint() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bounce").to(relay(""));
            }
        });

        Exchange exchange = send("&bounceEndpoint=direct:bounce");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertThat(server.messages()).hasSize(2);
        ScriptedSmtpServer.ReceivedMessage bounce = server.messages().get(1);
        assertThat(bounce.sender()).isEmpty();
        assertThat(bounce.recipients()).containsExactly("shop@example.com");
        assertThat(bounce.contentAsString()).contains("multipart/report").contains("Final-Recipient: rfc822; gone@example.org");
        assertThat(server.commands()).contains("MAIL FROM:<> BODY=8BITMIME SIZE=" + bounceSize());
    }

    private String bounceSize() {
        String mail = server.commands().stream().filter(c -> c.startsWith("MAIL FROM:<>")).findFirst().orElseThrow();
        return mail.substring(mail.indexOf("SIZE=") + 5);
    }

    @Test
    void neverBouncesABounce() throws Exception {
        MockEndpoint bounces = getMockEndpoint("mock:bounce");

        template.send(relay("&bounceEndpoint=mock:bounce"), e -> {
            e.getMessage().setHeader("From", "MAILER-DAEMON@example.com");
            e.getMessage().setHeader(SmtpxConstants.ENVELOPE_FROM, "");
            e.getMessage().setHeader("To", "gone@example.org");
            e.getMessage().setBody("a bounce");
        });

        assertThat(bounces.getExchanges()).isEmpty();
    }
}

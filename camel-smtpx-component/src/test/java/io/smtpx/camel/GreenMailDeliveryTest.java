package io.smtpx.camel;

import java.nio.file.Path;
import java.util.Arrays;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery, content and Bcc privacy against GreenMail over implicit TLS (port 465 style) with AUTH. */
class GreenMailDeliveryTest extends CamelTestSupport {

    private GreenMail greenMail;

    @BeforeEach
    void startGreenMail() throws Exception {
        // GreenMail reads its TLS key from these properties when its SMTPS server starts
        Path keyStore = Path.of(getClass().getResource("/tls/server.p12").toURI());
        System.setProperty("greenmail.tls.keystore.file", keyStore.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        ServerSetup smtps = ServerSetupTest.SMTPS.dynamicPort();
        greenMail = new GreenMail(smtps).withConfiguration(
                GreenMailConfiguration.aConfig().withUser("sender@example.com", "sender", "s3cret"));
        greenMail.start();

        context.getRegistry().bind("testTrust", TestTrustStore.parameters());
    }

    @AfterEach
    void stopGreenMail() {
        greenMail.stop();
    }

    private String relay() {
        return "smtpx:relay?host=localhost&port=" + greenMail.getSmtps().getPort()
               + "&security=TLS&username=sender&password=s3cret&sslContextParameters=#testTrust";
    }

    @Test
    void deliversToToCcAndBccWithoutShowingBcc() throws Exception {
        Exchange exchange = template.send(relay(), e -> {
            e.getMessage().setHeader("From", "Sender <sender@example.com>");
            e.getMessage().setHeader("To", "to@example.org");
            e.getMessage().setHeader("Cc", "cc@example.org");
            e.getMessage().setHeader("Bcc", "hidden@example.net");
            e.getMessage().setHeader("Subject", "Quarterly report");
            e.getMessage().setBody("See attached.");
        });

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ACCEPTED_RECIPIENTS))
                .isEqualTo("to@example.org,cc@example.org,hidden@example.net");
        assertThat(greenMail.waitForIncomingEmail(5000, 3)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(3);
        assertThat(greenMail.findReceivedMessages(user -> user.getEmail().equals("hidden@example.net"), m -> true))
                .as("the Bcc recipient got it").hasSize(1);
        for (MimeMessage message : received) {
            assertThat(message.getSubject()).isEqualTo("Quarterly report");
            assertThat(message.getHeader("Bcc")).isNull();
            assertThat(Arrays.toString(message.getRecipients(Message.RecipientType.TO))).contains("to@example.org");
            assertThat(Arrays.toString(message.getRecipients(Message.RecipientType.CC))).contains("cc@example.org");
            assertThat(String.valueOf(message.getContent()).trim()).isEqualTo("See attached.");
        }
        String messageId = exchange.getMessage().getHeader(SmtpxConstants.MESSAGE_ID, String.class);
        assertThat(messageId).isNotBlank();
        assertThat(received[0].getMessageID()).isEqualTo(messageId);
    }

    @Test
    void deliversHtmlBodyAndAttachmentsAsCamelMailDoes() throws Exception {
        Exchange exchange = template.send(relay() + "&contentType=text/html", e -> {
            e.getMessage().setHeader("From", "sender@example.com");
            e.getMessage().setHeader("To", "to@example.org");
            e.getMessage().setHeader("Subject", "Invoice");
            e.getMessage().setBody("<p>Your invoice</p>");
            e.getMessage(AttachmentMessage.class).addAttachment("invoice.csv",
                    new DataHandler(new ByteArrayDataSource("id,amount\n1,42\n", "text/csv")));
        });

        assertThat(exchange.getException()).isNull();
        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage message = greenMail.getReceivedMessages()[0];
        Multipart multipart = (Multipart) message.getContent();
        assertThat(multipart.getCount()).isEqualTo(2);
        assertThat(multipart.getBodyPart(0).getContentType()).startsWith("text/html");
        assertThat(multipart.getBodyPart(1).getFileName()).isEqualTo("invoice.csv");
        assertThat(new String(multipart.getBodyPart(1).getInputStream().readAllBytes())).contains("1,42");
    }
}

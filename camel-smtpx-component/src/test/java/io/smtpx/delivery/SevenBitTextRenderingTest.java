package io.smtpx.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean rendering of a 7-bit text message against Jakarta Mail's own: the same bytes, header order included, and
 * Jakarta Mail's path for every message it does not cover.
 */
class SevenBitTextRenderingTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String TEXT = "Dear customer,\n.\nA line with a dot, another\r\nin CRLF. 0123456789\n";

    @Test
    void rendersWhatJakartaMailWouldSendForASevenBitTextPart() throws Exception {
        MimeMessage lean = message(TEXT, "text/plain; charset=us-ascii");
        MimeMessage jakarta = message(TEXT, "text/plain; charset=us-ascii");
        lean.addHeader("X-Order", "42");
        jakarta.addHeader("X-Order", "42");
        lean.addHeader("Bcc", "hidden@example.org");
        jakarta.addHeader("Bcc", "hidden@example.org");

        MimeMessageContent content = MimeMessageContent.of(lean);
        // what the lean path set, given to Jakarta Mail's copy so that both have the same Date and Message-ID
        jakarta.setHeader("Date", lean.getHeader("Date", null));
        jakarta.setHeader("Message-ID", lean.getMessageID());
        jakarta.saveChanges();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        jakarta.writeTo(expected, new String[] {"Bcc", "Content-Length"});

        String rendered = written(content);
        assertThat(rendered).isEqualTo(expected.toString(StandardCharsets.US_ASCII));
        assertThat(rendered).contains("Content-Transfer-Encoding: 7bit\r\n", "MIME-Version: 1.0\r\n",
                "X-Order: 42\r\n").doesNotContain("hidden@example.org");
        assertThat(rendered).matches("(?s)(.*\r\n)?Date: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n.*");
        assertThat(content.size()).isEqualTo(rendered.length());
        assertThat(content.messageId()).isEqualTo(lean.getMessageID()).isNotNull();
    }

    @Test
    void givesEachMessageItsOwnMessageIdAtTheSessionsHost() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.host", "mta.example.com");
        Session named = Session.getInstance(properties);
        StableIdMimeMessage first = new StableIdMimeMessage(named);
        StableIdMimeMessage second = new StableIdMimeMessage(named);
        first.assignMessageId();
        second.assignMessageId();
        first.assignMessageId();

        assertThat(first.getMessageID()).matches("<\\d+\\.\\d+\\.\\d+@mta\\.example\\.com>")
                .isNotEqualTo(second.getMessageID());
        // without a host, Jakarta Mail's own (which asks the JVM for one)
        StableIdMimeMessage unnamed = new StableIdMimeMessage(SESSION);
        unnamed.assignMessageId();
        assertThat(unnamed.getMessageID()).matches("<\\d+\\.\\d+\\.\\d+@.+>");
    }

    @Test
    void keepsTheMessageIdAndDateTheRouteSet() throws Exception {
        MimeMessage message = message(TEXT, "text/plain");
        message.setHeader("Message-ID", "<given@example.com>");
        message.setHeader("Date", "Mon, 2 Nov 2026 10:00:00 +0100");

        String rendered = written(MimeMessageContent.of(message));

        assertThat(rendered).contains("Message-ID: <given@example.com>\r\n", "Date: Mon, 2 Nov 2026 10:00:00 +0100\r\n");
    }

    @Test
    void leavesEveryOtherMessageToJakartaMail() throws Exception {
        assertThat(render(message("Grüße\n", "text/plain; charset=utf-8"))).isNull();
        assertThat(render(message("x".repeat(999) + "\n", "text/plain"))).isNull();
        assertThat(render(message("nul\0byte\n", "text/plain"))).isNull();
        assertThat(render(message(TEXT, "application/octet-stream"))).isNull();
        MimeMessage quotedPrintable = message(TEXT, "text/plain");
        quotedPrintable.setHeader("Content-Transfer-Encoding", "quoted-printable");
        assertThat(render(quotedPrintable)).isNull();
        MimeMessage nonAsciiHeader = message(TEXT, "text/plain");
        nonAsciiHeader.setHeader("X-Raw", "Grüße");
        assertThat(render(nonAsciiHeader)).isNull();
        MimeMessage multipart = message(TEXT, "text/plain");
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart part = new MimeBodyPart();
        part.setText(TEXT);
        parts.addBodyPart(part);
        multipart.setContent(parts);
        assertThat(render(multipart)).isNull();

        // and Jakarta Mail then renders them as it always did
        MimeMessage utf8 = message("Grüße\n", "text/plain; charset=utf-8");
        assertThat(written(MimeMessageContent.of(utf8))).contains("Content-Transfer-Encoding: base64", "R3LDvMOfZQo=");
    }

    @Test
    void isSevenBitAllowsLinesOf998OctetsWhateverTheLineEnd() {
        assertThat(SevenBitTextRendering.isSevenBit(("x".repeat(998) + "\r\n" + "y".repeat(998)).getBytes())).isTrue();
        assertThat(SevenBitTextRendering.isSevenBit(("x".repeat(998) + "\r" + "y".repeat(998)).getBytes())).isTrue();
        assertThat(SevenBitTextRendering.isSevenBit(("x".repeat(999)).getBytes())).isFalse();
        assertThat(SevenBitTextRendering.isSevenBit(("x".repeat(999) + "\r\n").getBytes())).isFalse();
        assertThat(SevenBitTextRendering.isSevenBit(("a\r\n" + "x".repeat(998)).getBytes())).isTrue();
        assertThat(SevenBitTextRendering.isSevenBit(("a\r\n" + "x".repeat(999) + "\nb").getBytes())).isFalse();
        assertThat(SevenBitTextRendering.isSevenBit(new byte[] {'a', 0, 'b'})).isFalse();
        assertThat(SevenBitTextRendering.isSevenBit(new byte[] {'a', (byte) 0x80})).isFalse();
    }

    private static SevenBitTextRendering render(MimeMessage message) throws Exception {
        return SevenBitTextRendering.of((StableIdMimeMessage) message, new String[] {"Bcc"});
    }

    /** As camel-mail builds it: the body in a ByteArrayDataSource and the Content-Type header set afterwards. */
    private static MimeMessage message(String text, String contentType) throws Exception {
        MimeMessage message = new StableIdMimeMessage(SESSION);
        message.setFrom("Sender <sender@example.com>");
        message.setRecipients(Message.RecipientType.TO, "to@example.org");
        message.setSubject("Invoice 42");
        String charset = contentType.contains("utf-8") ? "utf-8" : "us-ascii";
        message.setDataHandler(new DataHandler(new ByteArrayDataSource(text.getBytes(charset), contentType)));
        message.setHeader("Content-Type", contentType);
        return message;
    }

    private static String written(MessageContent content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}

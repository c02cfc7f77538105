package io.smtpx.delivery;

import java.io.ByteArrayOutputStream;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages Jakarta Mail renders: written the same at every transaction, sized by the bytes actually written. */
class MimeMessageContentTest {

    @Test
    void aSmallMessageWrittenFirstIsKeptForTheNextTransaction() throws Exception {
        MimeMessageContent content = MimeMessageContent.of(multipart(1_000));

        byte[] first = written(content);

        assertThat(content.size()).isEqualTo(first.length);
        assertThat(written(content)).isEqualTo(first);
    }

    @Test
    void aLargeMessageIsStreamedEveryTimeAndSizedByWhatWasWritten() throws Exception {
        MimeMessageContent content = MimeMessageContent.of(multipart(3 * MimeMessageContent.BUFFERED_LIMIT));

        byte[] first = written(content);

        assertThat(first.length).isGreaterThan(3 * MimeMessageContent.BUFFERED_LIMIT); // base64 makes it longer
        assertThat(content.size()).isEqualTo(first.length);
        assertThat(written(content)).isEqualTo(first);
    }

    @Test
    void theSizeAskedFirstIsTheSizeWritten() throws Exception {
        MimeMessageContent content = MimeMessageContent.of(multipart(2 * MimeMessageContent.BUFFERED_LIMIT));

        long size = content.size();

        assertThat(written(content)).hasSize((int) size);
    }

    private static MimeMessage multipart(int attachmentBytes) throws Exception {
        MimeMessage message = new StableIdMimeMessage(Session.getInstance(new Properties()));
        message.setFrom("sender@example.com");
        message.setRecipients(Message.RecipientType.TO, "to@example.org");
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("See the attachment.");
        parts.addBodyPart(text);
        MimeBodyPart attachment = new MimeBodyPart();
        byte[] data = new byte[attachmentBytes];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        attachment.setContent(data, "application/octet-stream");
        attachment.setFileName("data.bin");
        parts.addBodyPart(attachment);
        message.setContent(parts);
        return message;
    }

    private static byte[] written(MessageContent content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.writeTo(out);
        return out.toByteArray();
    }
}

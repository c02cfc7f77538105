package io.smtpx.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Enumeration;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * A bounce as MTAs send it: an RFC 3464 delivery status notification (multipart/report; report-type=delivery-status)
 * telling the sender which recipients refused the message for good, with a human-readable part, one
 * message/delivery-status part with a block per recipient, and the original message's headers.
 */
public final class DeliveryStatusNotification {

    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private DeliveryStatusNotification() {
    }

    /**
     * The notification for the permanent failures in {@code failed}, to {@code sender}, from the postmaster of
     * {@code reportingMta}. Its envelope sender must be empty (the null reverse path, RFC 5321 section 4.5.5), so that a
     * bounce can never bounce.
     */
    public static MimeMessage of(DeliveryReport failed, MimeMessage original, String sender, String reportingMta,
                                 Instant arrival) throws MessagingException, IOException {
        Properties properties = new Properties();
        properties.setProperty("mail.host", reportingMta); // Message-ID of this host, without a local host lookup
        MimeMessage dsn = new StableIdMimeMessage(Session.getInstance(properties));
        dsn.setFrom(new InternetAddress("MAILER-DAEMON@" + reportingMta, "Mail Delivery System"));
        dsn.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(sender));
        dsn.setSubject("Undelivered Mail Returned to Sender");
        dsn.setHeader("Auto-Submitted", "auto-replied"); // RFC 3834: no auto-reply to this

        MimeMultipart report = new MimeMultipart("report") {
            {
                contentType = contentType + "; report-type=delivery-status";
            }
        };
        MimeBodyPart human = new MimeBodyPart();
        human.setText(explanation(failed, reportingMta), "UTF-8");
        report.addBodyPart(human);
        report.addBodyPart(part(deliveryStatus(failed, reportingMta, arrival), "message/delivery-status"));
        report.addBodyPart(part(headersOf(original), "text/rfc822-headers"));
        dsn.setContent(report);
        dsn.saveChanges();
        return dsn;
    }

    private static String explanation(DeliveryReport failed, String reportingMta) {
        StringBuilder text = new StringBuilder()
                .append("This is the mail system at host ").append(reportingMta).append(".\n\n")
                .append("Your message could not be delivered to one or more recipients. It is attached below.\n\n");
        for (RecipientResult result : failed.results()) {
            text.append('<').append(result.recipient()).append(">: ").append(result.reply()).append('\n');
            if (result.classification().hint() != null) {
                text.append("    ").append(result.classification().hint()).append('\n');
            }
        }
        return text.toString();
    }

    private static String deliveryStatus(DeliveryReport failed, String reportingMta, Instant arrival) {
        StringBuilder fields = new StringBuilder()
                .append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        if (arrival != null) {
            fields.append("Arrival-Date: ").append(RFC_5322.format(arrival)).append("\r\n");
        }
        for (RecipientResult result : failed.results()) {
            String status = result.classification().enhancedStatus() != null
                    ? result.classification().enhancedStatus() : "5.0.0";
            fields.append("\r\n")
                    .append("Final-Recipient: rfc822; ").append(result.recipient()).append("\r\n")
                    .append("Action: failed\r\n")
                    .append("Status: ").append(status.startsWith("5") ? status : "5" + status.substring(1))
                    .append("\r\n");
            if (result.remoteHost() != null && !result.reply().isLocal()) {
                fields.append("Remote-MTA: dns; ").append(hostOf(result.remoteHost())).append("\r\n");
                fields.append("Diagnostic-Code: smtp; ").append(oneLine(result.reply().toString())).append("\r\n");
            } else {
                fields.append("Diagnostic-Code: X-smtpx; ").append(oneLine(result.reply().toString())).append("\r\n");
            }
        }
        return fields.toString();
    }

    private static String headersOf(MimeMessage original) throws MessagingException {
        StringBuilder headers = new StringBuilder();
        Enumeration<String> lines = original.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            String line = lines.nextElement();
            if (!line.regionMatches(true, 0, "Bcc:", 0, 4)) {
                headers.append(line).append("\r\n");
            }
        }
        return headers.toString();
    }

    private static MimeBodyPart part(String content, String type) throws MessagingException, IOException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content.getBytes(StandardCharsets.UTF_8), type)));
        part.setHeader("Content-Type", type);
        return part;
    }

    /** "mx1.example.org[192.0.2.1]:25" or "smtp.example.org:587" as the bare host name. */
    private static String hostOf(String remoteHost) {
        int end = remoteHost.indexOf('[');
        if (end < 0) {
            end = remoteHost.lastIndexOf(':');
        }
        return end < 0 ? remoteHost : remoteHost.substring(0, end);
    }

    private static String oneLine(String text) {
        return text.replace("\r", " ").replace("\n", " ");
    }
}

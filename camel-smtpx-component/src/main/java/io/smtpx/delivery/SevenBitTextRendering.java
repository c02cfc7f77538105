package io.smtpx.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Enumeration;
import java.util.Locale;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * The bytes of the commonest message, a single text part in memory that Jakarta Mail would send as 7bit (US-ASCII, no
 * line over 998 octets), rendered without Jakarta Mail's per-message costs: its save scans the body through an 8 KB
 * copy to choose the transfer encoding, formats the date under a global lock and writes the body through another 8 KB
 * copy. The result is what {@code saveChanges} and {@code writeTo} would produce, headers in the same order. Any
 * other message (multipart, 8-bit, long lines, non-ASCII header text, a body streamed from elsewhere) is left to
 * Jakarta Mail.
 */
final class SevenBitTextRendering {

    /** RFC 5322's date-time, as Jakarta Mail's MailDateFormat writes it but for the comment. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final int MAX_LINE = 998;
    /** The last second's Date value: every message of the same second has the same, so it is formatted once. */
    private static volatile FormattedDate lastDate = new FormattedDate(Long.MIN_VALUE, null);

    final byte[] head;
    final byte[] body;

    private SevenBitTextRendering(byte[] head, byte[] body) {
        this.head = head;
        this.body = body;
    }

    /**
     * The rendering of {@code message}, or null when it is not such a message. Either way the headers a save would
     * add are set on it (MIME-Version, Date and Message-ID when missing, Content-Transfer-Encoding 7bit for a 7-bit
     * text body): Jakarta Mail's save, if it follows, keeps them as they are.
     */
    static SevenBitTextRendering of(StableIdMimeMessage message, String[] notTransmitted) throws MessagingException {
        byte[] body = sevenBitTextBody(message);
        if (body == null) {
            return null;
        }
        String encoding = message.getHeader("Content-Transfer-Encoding", null);
        if (encoding == null) {
            message.setHeader("Content-Transfer-Encoding", "7bit");
        } else if (!encoding.trim().equalsIgnoreCase("7bit")) {
            return null;
        }
        message.setHeader("MIME-Version", "1.0");
        if (message.getHeader("Date") == null) {
            message.setHeader("Date", now());
        }
        message.assignMessageId();
        byte[] head = head(message, notTransmitted);
        return head == null ? null : new SevenBitTextRendering(head, body);
    }

    private static String now() {
        long second = Instant.now().getEpochSecond();
        FormattedDate date = lastDate;
        if (date.second() != second) {
            date = new FormattedDate(second, DATE.format(Instant.ofEpochSecond(second).atZone(ZoneId.systemDefault())));
            lastDate = date;
        }
        return date.text();
    }

    private record FormattedDate(long second, String text) {
    }

    /** The body when it is text in a byte array that needs no transfer encoding, else null. */
    private static byte[] sevenBitTextBody(MimeMessage message) throws MessagingException {
        DataHandler handler = message.getDataHandler();
        if (!(handler.getDataSource() instanceof ByteArrayDataSource source) || !isText(message.getContentType())) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = source.getInputStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
        return isSevenBit(bytes) ? bytes : null;
    }

    private static boolean isText(String contentType) {
        try {
            return contentType != null && new ContentType(contentType).match("text/*");
        } catch (ParseException e) {
            return false;
        }
    }

    /** US-ASCII without NUL, lines of at most 998 octets: what needs no Content-Transfer-Encoding but 7bit. */
    static boolean isSevenBit(byte[] bytes) {
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            // one comparison per byte of ordinary text: NUL, bytes over 0x7f (negative) and CR/LF all lie below 0x0e
            if (b < 0x0e) {
                if (b <= 0) {
                    return false;
                }
                if (b == '\r' || b == '\n') {
                    if (i - lineStart > MAX_LINE) {
                        return false;
                    }
                    lineStart = i + 1;
                }
            }
        }
        return bytes.length - lineStart <= MAX_LINE;
    }

    /** Header lines in Jakarta Mail's order, each ending in CRLF, then an empty line; null if one is not ASCII. */
    private static byte[] head(MimeMessage message, String[] notTransmitted) throws MessagingException {
        StringBuilder head = new StringBuilder(512);
        Enumeration<String> lines = message.getNonMatchingHeaderLines(notTransmitted);
        while (lines.hasMoreElements()) {
            head.append(lines.nextElement()).append("\r\n");
        }
        head.append("\r\n");
        for (int i = 0; i < head.length(); i++) {
            if (head.charAt(i) >= 0x80) {
                return null; // Jakarta Mail's writer decides what becomes of it (RFC 2047 or SMTPUTF8 are the route's)
            }
        }
        return head.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

package io.smtpx.example;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A stand-in for a real relay, so that the example runs anywhere: an SMTP server on loopback that accepts every
 * recipient except {@link #UNKNOWN_RECIPIENT}, which it refuses the way Postfix refuses a mailbox it does not host, and
 * prints each message it receives.
 */
final class EmbeddedSmtpServer implements AutoCloseable {

    static final String UNKNOWN_RECIPIENT = "nobody@example.org";
    /** Postfix's reply for an address its virtual mailbox table does not list. */
    static final String USER_UNKNOWN = "5.1.1 <" + UNKNOWN_RECIPIENT
                                       + ">: Recipient address rejected: User unknown in virtual mailbox table";

    private final SMTPServer server;
    private final AtomicInteger queueIds = new AtomicInteger(0x4A1B0);

    private EmbeddedSmtpServer(int port) throws IOException {
        this.server = SMTPServer.port(port)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("mx.example.org")
                .softwareName("embedded example server")
                .messageHandlerFactory(Transaction::new)
                .build();
    }

    /** Starts a server on 127.0.0.1; port 0 picks a free one. */
    static EmbeddedSmtpServer start(int port) throws IOException {
        EmbeddedSmtpServer smtp = new EmbeddedSmtpServer(port);
        smtp.server.start();
        System.out.println("[smtp server] listening on 127.0.0.1:" + smtp.port() + ", refusing <" + UNKNOWN_RECIPIENT
                           + ">");
        return smtp;
    }

    int port() {
        return server.getPortAllocated();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** One mail transaction: MAIL FROM, RCPT TO..., DATA. */
    private final class Transaction implements MessageHandler {

        private String sender;
        private final List<String> recipients = new ArrayList<>();

        Transaction(MessageContext context) {
        }

        @Override
        public void from(String from) {
            this.sender = from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (UNKNOWN_RECIPIENT.equalsIgnoreCase(recipient)) {
                System.out.println("[smtp server] RCPT TO:<" + recipient + "> refused: 550 " + USER_UNKNOWN);
                throw new RejectException(550, USER_UNKNOWN);
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException {
            String queueId = Integer.toHexString(queueIds.incrementAndGet()).toUpperCase();
            try {
                MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), data);
                System.out.println("[smtp server] received " + queueId + ": MAIL FROM:<" + sender + "> RCPT TO:"
                                   + recipients + "\n              Subject: " + message.getSubject()
                                   + "\n              To: " + header(message, "To")
                                   + "\n              Cc: " + header(message, "Cc")
                                   + "\n              Bcc: " + header(message, "Bcc"));
            } catch (MessagingException e) {
                throw new IOException(e);
            }
            return "2.0.0 Ok: queued as " + queueId;
        }

        private static String header(MimeMessage message, String name) throws MessagingException {
            String value = message.getHeader(name, ", ");
            return value == null ? "(none)" : value;
        }

        @Override
        public void done() {
        }
    }
}

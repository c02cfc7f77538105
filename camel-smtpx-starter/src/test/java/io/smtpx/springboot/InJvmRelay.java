package io.smtpx.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server (SubEthaSMTP) on 127.0.0.1 for the starter's tests. It accepts every recipient except those
 * whose local part starts with "unknown" (550 5.1.1) or "busy" (450 4.2.1), and keeps what it received.
 */
final class InJvmRelay implements AutoCloseable {

    record Received(String from, List<String> recipients, String data) {
    }

    private final SMTPServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private InJvmRelay(int port) {
        try {
            server = SMTPServer.port(port)
                    .bindAddress(InetAddress.getByName("127.0.0.1"))
                    .hostName("relay.test")
                    .messageHandlerFactory(context -> new Handler())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
    }

    static InJvmRelay start() {
        return new InJvmRelay(0);
    }

    int port() {
        return server.getPortAllocated();
    }

    List<Received> received() {
        return received;
    }

    void stop() {
        server.stop();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Handler implements MessageHandler {

        private String from;
        private final List<String> recipients = new CopyOnWriteArrayList<>();

        @Override
        public void from(String from) {
            this.from = from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (recipient.startsWith("unknown")) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown");
            }
            if (recipient.startsWith("busy")) {
                throw new RejectException(450, "4.2.1 <" + recipient + ">: Mailbox busy, try again later");
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException {
            received.add(new Received(from, List.copyOf(recipients), new String(data.readAllBytes(),
                    StandardCharsets.UTF_8)));
            return null;
        }

        @Override
        public void done() {
            // nothing kept per session
        }
    }
}

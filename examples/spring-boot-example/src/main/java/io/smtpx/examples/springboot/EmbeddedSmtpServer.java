package io.smtpx.examples.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server (SubEthaSMTP) inside the application, on 127.0.0.1, so the example runs without a mail server.
 * It accepts every recipient except those whose local part starts with "unknown" (550 5.1.1 user unknown), to show
 * a permanent failure, and keeps the messages it received. Off with example.embedded-smtp.enabled=false, e.g. when
 * camel.component.smtpx.* points at a real relay.
 */
@Component
@ConditionalOnProperty(prefix = "example.embedded-smtp", name = "enabled", matchIfMissing = true)
public class EmbeddedSmtpServer implements DisposableBean {

    /** One message as the server received it. */
    public record ReceivedMail(String envelopeFrom, List<String> recipients, String content) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSmtpServer.class);

    private final SMTPServer server;
    private final List<ReceivedMail> inbox = new CopyOnWriteArrayList<>();

    public EmbeddedSmtpServer(@Value("${example.embedded-smtp.port:2525}") int port) throws IOException {
        server = SMTPServer.port(port)
                .bindAddress(InetAddress.getByName("127.0.0.1"))
                .hostName("embedded.smtpx.example")
                .messageHandlerFactory(context -> new Handler())
                .build();
        server.start();
        LOG.info("Embedded SMTP server listening on 127.0.0.1:{}", server.getPortAllocated());
    }

    public List<ReceivedMail> inbox() {
        return List.copyOf(inbox);
    }

    public int port() {
        return server.getPortAllocated();
    }

    @Override
    public void destroy() {
        server.stop();
    }

    private final class Handler implements MessageHandler {

        private String from;
        private final List<String> recipients = new ArrayList<>();

        @Override
        public void from(String from) {
            this.from = from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (recipient.startsWith("unknown")) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown");
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException {
            ReceivedMail mail = new ReceivedMail(from, List.copyOf(recipients),
                    new String(data.readAllBytes(), StandardCharsets.UTF_8));
            inbox.add(mail);
            LOG.info("Embedded SMTP server received mail from <{}> to {}", mail.envelopeFrom(), mail.recipients());
            return null;
        }

        @Override
        public void done() {
            // nothing kept per session
        }
    }
}

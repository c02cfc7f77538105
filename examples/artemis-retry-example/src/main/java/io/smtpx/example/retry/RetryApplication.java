package io.smtpx.example.retry;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;

/**
 * The application: the embedded broker and a Camel Main running {@link MailRoutes}. Closing it stops both, as a
 * shutdown or a crash would; another one started on the same data directory picks up the messages waiting there.
 */
public final class RetryApplication implements AutoCloseable {

    private final EmbeddedBroker broker;
    private final Main main;

    private RetryApplication(EmbeddedBroker broker, Main main) {
        this.broker = broker;
        this.main = main;
    }

    /**
     * Starts the broker on {@code dataDirectory}, then Camel.
     *
     * @param properties the properties the routes use: smtp.host, smtp.port, smtp.helo, smtpx.retry-schedule,
     *                   smtpx.max-retry-age
     */
    public static RetryApplication start(Path dataDirectory, Map<String, String> properties, DeadLetters deadLetters)
            throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(dataDirectory);
        try {
            JmsComponent jms = JmsComponent.jmsComponent(broker.connectionFactory());
            jms.setHeaderFilterStrategy(new SmtpxJmsHeaderFilterStrategy());
            Main main = new Main();
            main.bind("jms", jms);
            properties.forEach(main::addInitialProperty);
            main.configure().addRoutesBuilder(new MailRoutes(deadLetters));
            main.start();
            return new RetryApplication(broker, main);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    /**
     * Puts one message in the outbox queue, as the application's own code would; the send-mail route takes it from
     * there. When this returns, the message is on disk.
     */
    public void send(String from, String to, String subject, String body) {
        main.getCamelContext().createProducerTemplate().send("jms:queue:" + EmbeddedBroker.OUTBOX_QUEUE, exchange -> {
            exchange.getMessage().setHeader("From", from);
            exchange.getMessage().setHeader("To", to);
            exchange.getMessage().setHeader("Subject", subject);
            exchange.getMessage().setBody(body);
        });
    }

    /** Messages waiting in the retry queue, scheduled ones included. */
    public long waitingForRetry() {
        return broker.messageCount(EmbeddedBroker.RETRY_QUEUE);
    }

    @Override
    public void close() throws Exception {
        try {
            main.stop();
        } finally {
            broker.close();
        }
    }
}

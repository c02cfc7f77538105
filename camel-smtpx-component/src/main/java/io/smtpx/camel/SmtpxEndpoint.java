package io.smtpx.camel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import io.smtpx.delivery.SessionPool;

/** Delivers email over SMTP and classifies every reply, through a relay or straight to the recipients' MX hosts. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "smtpx", title = "SMTPX", syntax = "smtpx:strategy",
             producerOnly = true, category = { Category.MAIL }, headersClass = SmtpxConstants.class)
public class SmtpxEndpoint extends DefaultEndpoint {

    /** How the message travels: relay (submission to a smarthost) or direct (to the recipients' MX hosts). */
    @UriPath(enums = "relay,direct")
    @Metadata(required = true)
    private SmtpxStrategy strategy;
    @UriParam
    private SmtpxConfiguration configuration;
    /** One per producer, each closed with its producer; kept here to report on them. */
    private final List<SessionPool> pools = new CopyOnWriteArrayList<>();

    public SmtpxEndpoint(String uri, SmtpxComponent component, SmtpxStrategy strategy,
                         SmtpxConfiguration configuration) {
        super(uri, component);
        this.strategy = strategy;
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        DeliveryFactory factory = new DeliveryFactory(getCamelContext(), configuration);
        SessionPool sessions = new SessionPool(factory.poolSettings());
        pools.removeIf(SessionPool::isClosed);
        pools.add(sessions);
        return new SmtpxProducer(this,
                strategy == SmtpxStrategy.direct ? factory.direct(sessions) : factory.relay(sessions));
    }

    /** SMTP sessions of this endpoint's producers carrying a message right now. */
    public int getActiveSessions() {
        return pools.stream().mapToInt(SessionPool::activeSessions).sum();
    }

    /** SMTP sessions of this endpoint's producers open and waiting for the next message. */
    public int getIdleSessions() {
        return pools.stream().mapToInt(SessionPool::idleSessions).sum();
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("smtpx only sends mail; use camel-mail's imap or pop3 to receive it");
    }

    public SmtpxStrategy getStrategy() {
        return strategy;
    }

    public void setStrategy(SmtpxStrategy strategy) {
        this.strategy = strategy;
    }

    public SmtpxConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SmtpxConfiguration configuration) {
        this.configuration = configuration;
    }
}

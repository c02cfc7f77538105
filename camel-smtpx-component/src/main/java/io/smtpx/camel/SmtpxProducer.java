package io.smtpx.camel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpx.delivery.DeliveryLedger;
import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.DeliveryStrategy;
import io.smtpx.delivery.Envelope;
import io.smtpx.delivery.MimeMessageContent;
import io.smtpx.delivery.RetrySchedule;

/**
 * Sends the exchange's message to the recipients still pending in its ledger and puts the classified outcome on it:
 * result headers always; then either the failed part routed to the retry and dead-letter endpoints, or a transient or
 * permanent exception.
 */
public class SmtpxProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpxProducer.class);

    private final DeliveryStrategy delivery;
    private final SmtpxMessageMapper mapper;
    private final SmtpxConfiguration configuration;
    private final RetrySchedule schedule;
    private final Clock clock;
    private ProducerTemplate template;
    private FailureRouter router;
    private Bouncer bouncer;

    public SmtpxProducer(SmtpxEndpoint endpoint, DeliveryStrategy delivery) {
        this(endpoint, delivery, Clock.systemUTC());
    }

    SmtpxProducer(SmtpxEndpoint endpoint, DeliveryStrategy delivery, Clock clock) {
        super(endpoint);
        this.delivery = delivery;
        this.configuration = endpoint.getConfiguration();
        this.mapper = new SmtpxMessageMapper(configuration);
        this.schedule = RetrySchedule.parse(configuration.getRetrySchedule(),
                Duration.ofMillis(configuration.getMaxRetryAge()));
        this.clock = clock;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (configuration.getRetryEndpoint() != null || configuration.getDeadLetterEndpoint() != null
            || configuration.getBounceEndpoint() != null) {
            template = getEndpoint().getCamelContext().createProducerTemplate();
        }
        if (configuration.getRetryEndpoint() != null || configuration.getDeadLetterEndpoint() != null) {
            router = new FailureRouter(configuration.getRetryEndpoint(), configuration.getDeadLetterEndpoint(),
                    schedule, template);
        }
        if (configuration.getBounceEndpoint() != null) {
            bouncer = new Bouncer(configuration.getBounceEndpoint(), configuration.effectiveHeloName(), template);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (template != null) {
            template.stop();
        }
        delivery.close();
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeliveryLedger ledger = LedgerStore.read(exchange);
        SmtpxMessageMapper.MappedMessage mapped = mapper.map(exchange, ledger.messageId());
        MimeMessageContent content = mapped.content();
        Envelope envelope = mapped.envelope();
        Instant now = clock.instant();
        DeliveryReport attempt = null;
        // the recipients whose fate this call decides; earlier attempts' outcomes were routed by earlier calls
        List<String> decidedNow = ledger.pending(envelope.recipients());
        if (ledger.hasPending() && schedule.isExpired(ledger.firstAttempt(), now)) {
            ledger = ledger.expire(schedule.maxAge());
        } else if (!decidedNow.isEmpty()) {
            attempt = delivery.deliver(envelope.withRecipients(decidedNow), content);
            ledger = ledger.record(attempt, now, configuration.getUncertainOutcome() == UncertainOutcome.RETRY);
        }
        DeliveryReport report = ledger.report(attempt);
        ResultHeaders.write(exchange.getMessage(), report);
        LedgerStore.write(exchange, ledger);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Attempt {} of {}: {}", ledger.attempts(), report.messageId(), report.summary());
        }
        DeliveryReport decided = ledger.report(attempt, decidedNow);
        if (bouncer != null) {
            bouncer.bounce(exchange, envelope, content, ledger, decided);
        }
        if (router != null) {
            router.route(exchange, ledger, decided, now);
        } else if (!report.isSuccess()) {
            exchange.setException(report.toException());
        }
    }
}

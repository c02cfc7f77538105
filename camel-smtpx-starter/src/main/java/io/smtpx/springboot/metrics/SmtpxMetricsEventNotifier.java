package io.smtpx.springboot.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

import io.smtpx.camel.SmtpxConstants;
import io.smtpx.camel.SmtpxEndpoint;
import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.InvalidMessageException;
import io.smtpx.delivery.RecipientResult;
import io.smtpx.delivery.SmtpxDeliveryException;
import io.smtpx.springboot.health.Relay;

/**
 * Counts and times every delivery attempt through an smtpx endpoint, from the result headers the producer sets: one
 * {@value #DELIVERIES} count and one {@value #DURATION} sample per attempt, tagged with the reply class and reason,
 * and one {@value #RECIPIENTS} count per recipient, tagged with its state and reason. An attempt that failed before
 * any result was known (e.g. a message without recipients) counts with class ERROR and the exception's type as reason.
 * <p>
 * Tags are bounded: class, reason, state and relay (host:port of the endpoint's relay), never an address.
 */
public final class SmtpxMetricsEventNotifier extends EventNotifierSupport {

    public static final String DELIVERIES = "smtpx.deliveries";
    public static final String DURATION = "smtpx.delivery.duration";
    public static final String RECIPIENTS = "smtpx.recipients";

    private final Supplier<MeterRegistry> registry;

    /** {@code registry} is asked on each event, and may give null when the application has no MeterRegistry. */
    public SmtpxMetricsEventNotifier(Supplier<MeterRegistry> registry) {
        this.registry = registry;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        // not ignored: Camel emits the sent event (with the time taken) only when a notifier took the sending one
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent sending && sending.getEndpoint() instanceof SmtpxEndpoint
               || event instanceof ExchangeSentEvent sent && sent.getEndpoint() instanceof SmtpxEndpoint;
    }

    @Override
    public void notify(CamelEvent event) {
        MeterRegistry meters = registry.get();
        if (meters == null || !(event instanceof ExchangeSentEvent sent)
            || !(sent.getEndpoint() instanceof SmtpxEndpoint endpoint)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        Message message = exchange.getMessage();
        String relay = relay(endpoint);
        Exception failure = exchange.getException();
        String replyClass;
        String reason;
        if (failure != null && !(failure instanceof SmtpxDeliveryException)) {
            // failed before a result was known (headers from an earlier smtpx endpoint would be stale)
            replyClass = "ERROR";
            reason = failure instanceof InvalidMessageException ? "INVALID_MESSAGE" : failure.getClass().getSimpleName();
        } else {
            replyClass = message.getHeader(SmtpxConstants.REPLY_CLASS, "UNKNOWN", String.class);
            reason = message.getHeader(SmtpxConstants.REASON, "UNKNOWN", String.class);
        }
        Counter.builder(DELIVERIES)
                .description("Delivery attempts through smtpx endpoints, by reply class and reason")
                .tag("class", replyClass).tag("reason", reason).tag("relay", relay)
                .register(meters).increment();
        Timer.builder(DURATION)
                .description("Time of one delivery attempt through an smtpx endpoint, connection to last reply")
                .tag("class", replyClass).tag("relay", relay)
                .register(meters).record(sent.getTimeTaken(), TimeUnit.MILLISECONDS);

        DeliveryReport report = message.getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        if (report != null && !"ERROR".equals(replyClass)) {
            for (RecipientResult result : report.results()) {
                Counter.builder(RECIPIENTS)
                        .description("Recipient outcomes of smtpx delivery attempts, by state and reason")
                        .tag("state", result.state().name())
                        .tag("reason", result.classification().reason().name())
                        .tag("relay", relay)
                        .register(meters).increment();
            }
        }
    }

    private static String relay(SmtpxEndpoint endpoint) {
        String host = endpoint.getConfiguration().getHost();
        if (host == null) {
            return endpoint.getStrategy().name();
        }
        return Relay.of(host, endpoint.getConfiguration().getPort(), endpoint.getConfiguration().getSecurity())
                .address();
    }
}

package io.smtpx.camel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import io.smtpx.delivery.DeliveryLedger;
import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.RecipientResult;
import io.smtpx.delivery.RetrySchedule;

/**
 * Routes the failed part of a message by class: recipients worth another attempt to the retry endpoint (with the
 * ledger and the next-attempt time), recipients refused for good to the dead-letter endpoint (with their
 * classification). The exchange itself continues with the accepted part. A part with no endpoint configured for it
 * becomes the exchange's exception instead, so nothing is dropped silently.
 */
final class FailureRouter {

    private final String retryEndpoint;
    private final String deadLetterEndpoint;
    private final RetrySchedule schedule;
    private final ProducerTemplate template;

    FailureRouter(String retryEndpoint, String deadLetterEndpoint, RetrySchedule schedule, ProducerTemplate template) {
        this.retryEndpoint = retryEndpoint;
        this.deadLetterEndpoint = deadLetterEndpoint;
        this.schedule = schedule;
        this.template = template;
    }

    /** Routes the failures in {@code report}: the results this call decided, not those routed by earlier calls. */
    void route(Exchange exchange, DeliveryLedger ledger, DeliveryReport report, Instant now) {
        if (report.results().isEmpty() || report.isSuccess()) {
            return;
        }
        List<RecipientResult> accepted = new ArrayList<>();
        List<RecipientResult> pending = new ArrayList<>();
        List<RecipientResult> permanent = new ArrayList<>();
        for (RecipientResult result : report.results()) {
            switch (result.state()) {
                case ACCEPTED -> accepted.add(result);
                case PERMANENT -> permanent.add(result);
                default -> pending.add(result);
            }
        }
        List<RecipientResult> unrouted = new ArrayList<>();
        List<String> routedTo = new ArrayList<>();
        try {
            if (!pending.isEmpty() && retryEndpoint != null) {
                sendForRetry(exchange, ledger, part(report, pending), now);
                routedTo.add("retry");
            } else {
                unrouted.addAll(pending);
            }
            if (!permanent.isEmpty() && deadLetterEndpoint != null) {
                sendToDeadLetter(exchange, part(report, permanent));
                routedTo.add("deadLetter");
            } else {
                unrouted.addAll(permanent);
            }
        } catch (CamelExchangeException e) {
            exchange.setException(e);
            return;
        }
        exchange.getMessage().setHeader(SmtpxConstants.ROUTED_TO, String.join(",", routedTo));
        if (!unrouted.isEmpty()) {
            List<RecipientResult> remaining = new ArrayList<>(accepted);
            remaining.addAll(unrouted);
            exchange.setException(part(report, remaining).toException());
            return;
        }
        // the failures are in other hands now: the exchange goes on with what was delivered
        LedgerStore.clear(exchange);
        if (!accepted.isEmpty()) {
            ResultHeaders.write(exchange.getMessage(), part(report, accepted));
        }
    }

    private void sendForRetry(Exchange exchange, DeliveryLedger ledger, DeliveryReport part, Instant now)
            throws CamelExchangeException {
        Exchange copy = copyOf(exchange, part);
        copy.getMessage().setHeader(SmtpxConstants.NEXT_ATTEMPT,
                schedule.nextAttempt(ledger.attempts(), ledger.firstAttempt(), now).toEpochMilli());
        copy.getMessage().setHeader(SmtpxConstants.PENDING_RECIPIENTS, String.join(",", part.failedRecipients()));
        send(retryEndpoint, copy);
    }

    private void sendToDeadLetter(Exchange exchange, DeliveryReport part) throws CamelExchangeException {
        Exchange copy = copyOf(exchange, part);
        LedgerStore.clear(copy);
        send(deadLetterEndpoint, copy);
    }

    private static Exchange copyOf(Exchange exchange, DeliveryReport part) {
        Exchange copy = exchange.copy();
        copy.setException(null);
        ResultHeaders.write(copy.getMessage(), part);
        return copy;
    }

    private void send(String uri, Exchange copy) throws CamelExchangeException {
        Exchange sent = template.send(uri, copy);
        if (sent.getException() != null) {
            throw new CamelExchangeException("Could not hand the failed part of the message to " + uri
                                             + "; it stays with this exchange", copy, sent.getException());
        }
    }

    private static DeliveryReport part(DeliveryReport report, List<RecipientResult> results) {
        return new DeliveryReport(report.messageId(), results, report.transcript(), report.domains());
    }
}

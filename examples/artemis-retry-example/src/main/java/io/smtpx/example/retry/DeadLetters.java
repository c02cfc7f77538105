package io.smtpx.example.retry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;

import io.smtpx.camel.SmtpxConstants;

/** What reached the dead-letter queue: the failed recipients and their classification, one entry per message. */
public final class DeadLetters {

    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();

    /** Called by the dead-letter route. */
    public void record(Exchange exchange) {
        received.add(Map.copyOf(Map.of(
                SmtpxConstants.FAILED_RECIPIENTS, header(exchange, SmtpxConstants.FAILED_RECIPIENTS),
                SmtpxConstants.REASON, header(exchange, SmtpxConstants.REASON),
                SmtpxConstants.ENHANCED_STATUS, header(exchange, SmtpxConstants.ENHANCED_STATUS))));
    }

    private static String header(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null ? "" : value;
    }

    public List<Map<String, Object>> received() {
        return List.copyOf(received);
    }
}

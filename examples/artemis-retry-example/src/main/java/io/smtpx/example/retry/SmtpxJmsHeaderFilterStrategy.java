package io.smtpx.example.retry;

import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsHeaderFilterStrategy;

/**
 * camel-jms's header filter, except that it lets the smtpx headers through in both directions. Camel's components
 * drop every header whose name starts with "Camel" on the way to and from a broker; without this, the ledger
 * (CamelSmtpxLedger) would not survive the retry queue, and the next attempt would go to every recipient again,
 * including those that already have the message.
 */
public class SmtpxJmsHeaderFilterStrategy extends JmsHeaderFilterStrategy {

    private static final String SMTPX = "CamelSmtpx";

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !name.startsWith(SMTPX) && super.applyFilterToCamelHeaders(name, value, exchange);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return !name.startsWith(SMTPX) && super.applyFilterToExternalHeaders(name, value, exchange);
    }
}

package io.smtpx.example.retry;

import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsHeaderFilterStrategy;

/**
 * camel-jms's header filter, except that it lets the smtpx result headers (CamelSmtpx*) through in both directions,
 * so that the dead-letter queue's consumer still sees each message's classification and the retry queue's consumer
 * its attempt count. Camel's components drop every header whose name starts with "Camel" on the way to and from a
 * broker. The ledger itself (SmtpxLedger) needs no help: it has no Camel prefix, so that it survives any broker.
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

package io.smtpx.camel;

import org.apache.camel.Exchange;

import io.smtpx.delivery.DeliveryLedger;

/**
 * Keeps the delivery ledger where each retry path preserves it: as an exchange property, which Camel's own
 * redelivery keeps (it restores headers to their original values before each retry), and as a text header, which
 * survives a round trip through a JMS or Kafka queue. Kept whenever some recipient did not accept the message, even
 * when nothing is pending any more: Camel may redeliver after a permanent failure too, and without the ledger that
 * would resend to everyone. Cleared after a complete success, so that a later, deliberate send of the same exchange
 * starts afresh.
 */
final class LedgerStore {

    private LedgerStore() {
    }

    static DeliveryLedger read(Exchange exchange) {
        DeliveryLedger ledger = exchange.getProperty(SmtpxConstants.LEDGER, DeliveryLedger.class);
        if (ledger != null) {
            return ledger;
        }
        String encoded = exchange.getMessage().getHeader(SmtpxConstants.LEDGER, String.class);
        return encoded == null ? DeliveryLedger.empty() : DeliveryLedger.decode(encoded);
    }

    static void write(Exchange exchange, DeliveryLedger ledger) {
        exchange.getMessage().setHeader(SmtpxConstants.ATTEMPT, ledger.attempts());
        if (ledger.firstAttempt() != null) {
            exchange.getMessage().setHeader(SmtpxConstants.FIRST_ATTEMPT, ledger.firstAttempt().toEpochMilli());
        }
        if (ledger.report(null).isSuccess()) {
            clear(exchange);
        } else {
            exchange.setProperty(SmtpxConstants.LEDGER, ledger);
            exchange.getMessage().setHeader(SmtpxConstants.LEDGER, ledger.encode());
        }
    }

    static void clear(Exchange exchange) {
        exchange.removeProperty(SmtpxConstants.LEDGER);
        exchange.getMessage().removeHeader(SmtpxConstants.LEDGER);
    }
}

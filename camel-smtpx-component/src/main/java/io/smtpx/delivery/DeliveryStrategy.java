package io.smtpx.delivery;

/** How a message reaches its recipients: through a relay, or straight to their MX hosts. */
public interface DeliveryStrategy extends AutoCloseable {

    /**
     * Delivers one message. Never throws for anything a server or the network does: every outcome is in the report.
     */
    DeliveryReport deliver(Envelope envelope, MessageContent content);

    /** Closes what the strategy keeps open (pooled sessions). */
    @Override
    default void close() {
    }
}

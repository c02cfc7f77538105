package io.smtpx.example.retry;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import jakarta.jms.ConnectionFactory;

/**
 * An Apache Artemis broker inside the application, reached in-VM (no port), with its journal on disk: a message sent
 * to one of its durable queues is on disk before the send returns, and is there again when a broker starts on the
 * same directory, scheduled delivery time included. A deployment with more than one instance connects to a broker or
 * cluster of its own instead (see README.md); the routes stay the same.
 */
final class EmbeddedBroker implements AutoCloseable {

    /** Messages to send: the application's input, so that a crash during the first attempt loses nothing either. */
    static final String OUTBOX_QUEUE = "smtpx.outbox";
    /** Transiently failed messages, each delivered to its consumer at its CamelSmtpxNextAttempt. */
    static final String RETRY_QUEUE = "smtpx.retry";
    /** Permanently failed messages (and expired ones), with their classification. */
    static final String DEAD_LETTER_QUEUE = "smtpx.dead";
    /** Where the broker puts a dead letter that the dead-letter route failed to take, rather than dropping it. */
    static final String UNDELIVERABLE_QUEUE = "smtpx.dead.undeliverable";

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    private EmbeddedBroker() {
    }

    /** Starts a broker whose journal, bindings and paging live under {@code dataDirectory}. */
    static EmbeddedBroker start(Path dataDirectory) throws Exception {
        Configuration configuration = new ConfigurationImpl()
                .setName("smtpx-example")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                // NIO works everywhere; ASYNCIO (libaio) is faster on Linux when installed
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString())
                .addAcceptorConfiguration("in-vm", "vm://0")
                .addQueueConfiguration(QueueConfiguration.of(OUTBOX_QUEUE).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true))
                .addQueueConfiguration(QueueConfiguration.of(RETRY_QUEUE).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true))
                .addQueueConfiguration(QueueConfiguration.of(DEAD_LETTER_QUEUE).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true))
                .addQueueConfiguration(QueueConfiguration.of(UNDELIVERABLE_QUEUE).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true))
                // a message the route cannot even attempt (it fails and rolls back every time, e.g. it has no
                // recipient) ends in the dead-letter queue after a few tries, not in a loop and not dropped
                .addAddressSetting(OUTBOX_QUEUE, new AddressSettings()
                        .setMaxDeliveryAttempts(5)
                        .setRedeliveryDelay(1_000)
                        .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                        .setExpiryAddress(SimpleString.of(DEAD_LETTER_QUEUE)))
                .addAddressSetting(RETRY_QUEUE, new AddressSettings()
                        .setMaxDeliveryAttempts(5)
                        .setRedeliveryDelay(1_000)
                        .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                        .setExpiryAddress(SimpleString.of(DEAD_LETTER_QUEUE)))
                .addAddressSetting(DEAD_LETTER_QUEUE, new AddressSettings()
                        .setMaxDeliveryAttempts(5)
                        .setRedeliveryDelay(1_000)
                        .setDeadLetterAddress(SimpleString.of(UNDELIVERABLE_QUEUE))
                        .setExpiryAddress(SimpleString.of(UNDELIVERABLE_QUEUE)))
                .addAddressSetting(UNDELIVERABLE_QUEUE, new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(UNDELIVERABLE_QUEUE))
                        .setExpiryAddress(SimpleString.of(UNDELIVERABLE_QUEUE)));
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.server.setConfiguration(configuration);
        broker.server.start();
        return broker;
    }

    /** A JMS connection factory to this broker. */
    ConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory("vm://0");
    }

    /** How many messages wait in {@code queue} (scheduled ones included). */
    long messageCount(String queue) {
        var binding = server.getActiveMQServer().locateQueue(queue);
        return binding == null ? 0 : binding.getMessageCount();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

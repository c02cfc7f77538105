package io.smtpx.example.retry;

import org.apache.camel.builder.RouteBuilder;

import io.smtpx.camel.SmtpxConstants;

/**
 * The routes: take each message from the outbox queue and send it through smtpx, park transient failures in the retry queue until their next attempt, send them
 * again from there through the same endpoint, and log what ends in the dead-letter queue.
 */
public class MailRoutes extends RouteBuilder {

    /**
     * Artemis's scheduled delivery: a message with this long property (epoch milliseconds) is held by the broker, on
     * disk, until then. Other brokers: see README.md.
     */
    static final String ARTEMIS_SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    /** One endpoint for the first attempt and every retry, so that they share options and the retry schedule. */
    static final String SMTPX = "smtpx:relay?host={{smtp.host}}&port={{smtp.port}}&security=NONE&heloName={{smtp.helo}}"
                                + "&retryEndpoint=direct:schedule-retry"
                                + "&deadLetterEndpoint=jms:queue:" + EmbeddedBroker.DEAD_LETTER_QUEUE
                                + "&retrySchedule={{smtpx.retry-schedule}}&maxRetryAge={{smtpx.max-retry-age}}";

    private final DeadLetters deadLetters;

    public MailRoutes(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void configure() {
        // transacted, as the other consumers: a message leaves a queue only when its attempt is done, and what the
        // attempt put on the retry and dead-letter queues commits with it; a crash in between replays the attempt
        from("jms:queue:" + EmbeddedBroker.OUTBOX_QUEUE + "?transacted=true").routeId("send-mail")
                .to(SMTPX)
                .log("attempt ${header." + SmtpxConstants.ATTEMPT + "} done: delivered to"
                     + " [${header." + SmtpxConstants.ACCEPTED_RECIPIENTS + "}],"
                     + " the rest went to [${header." + SmtpxConstants.ROUTED_TO + "}]");

        // the retry endpoint: hold the message in the broker until its next attempt
        from("direct:schedule-retry").routeId("schedule-retry")
                .setHeader(ARTEMIS_SCHEDULED_DELIVERY, header(SmtpxConstants.NEXT_ATTEMPT))
                .log("retry queue: [${header." + SmtpxConstants.PENDING_RECIPIENTS + "}] "
                     + "${header." + SmtpxConstants.REPLY_CODE + "} ${header." + SmtpxConstants.ENHANCED_STATUS + "}"
                     + " ${header." + SmtpxConstants.REASON + "}, next attempt at"
                     + " ${date-with-timezone:header." + SmtpxConstants.NEXT_ATTEMPT + ":UTC:HH:mm:ss}")
                .to("jms:queue:" + EmbeddedBroker.RETRY_QUEUE);

        from("jms:queue:" + EmbeddedBroker.RETRY_QUEUE + "?transacted=true").routeId("retry")
                .log("retrying [${header." + SmtpxConstants.PENDING_RECIPIENTS + "}] after attempt"
                     + " ${header." + SmtpxConstants.ATTEMPT + "}")
                .to(SMTPX)
                .log("attempt ${header." + SmtpxConstants.ATTEMPT + "} done: delivered so far to"
                     + " [${header." + SmtpxConstants.ACCEPTED_RECIPIENTS + "}],"
                     + " the rest went to [${header." + SmtpxConstants.ROUTED_TO + "}]");

        from("jms:queue:" + EmbeddedBroker.DEAD_LETTER_QUEUE + "?transacted=true").routeId("dead-letter")
                .log("DEAD LETTER [${header." + SmtpxConstants.FAILED_RECIPIENTS + "}]"
                     + " ${header." + SmtpxConstants.REPLY_CLASS + "} ${header." + SmtpxConstants.REPLY_CODE + "}"
                     + " ${header." + SmtpxConstants.ENHANCED_STATUS + "} ${header." + SmtpxConstants.REASON + "}"
                     + " from ${header." + SmtpxConstants.REMOTE_HOST + "}: ${header." + SmtpxConstants.HINT + "}")
                // where an application would open a ticket, tell the sender, or suppress the address
                .process(deadLetters::record);
    }
}

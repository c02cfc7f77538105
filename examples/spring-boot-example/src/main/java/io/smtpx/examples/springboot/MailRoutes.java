package io.smtpx.examples.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.delivery.SmtpxTransientException;

/**
 * direct:send-mail delivers through smtpx:relay (configured in application.yaml) and logs the classified outcome; a
 * timer sends a heartbeat mail now and then. Failures are logged and handed back to the caller.
 */
@Component
public class MailRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // failures are only logged here; ../artemis-retry-example sends them to durable retry and dead-letter queues
        onException(SmtpxTransientException.class).logExhausted(false)
                .log("Not delivered yet (${header.CamelSmtpxReason}): ${header.CamelSmtpxHint}");
        onException(SmtpxPermanentException.class).logExhausted(false)
                .log("Not deliverable (${header.CamelSmtpxReason}): ${header.CamelSmtpxHint}");

        from("direct:send-mail").routeId("send-mail")
                .to("smtpx:relay")
                .log("Delivered ${header.CamelSmtpxMessageId} to ${header.CamelSmtpxAcceptedRecipients}");

        from("timer:heartbeat?period={{example.heartbeat.period}}&delay={{example.heartbeat.delay}}")
                .routeId("heartbeat")
                .setHeader("To", simple("{{example.heartbeat.to}}"))
                .setHeader("Subject", simple("Heartbeat ${exchangeProperty.CamelTimerCounter}"))
                .setBody(simple("Sent by the smtpx Spring Boot example at ${date:now:yyyy-MM-dd'T'HH:mm:ssXXX}."))
                .to("direct:send-mail");
    }
}

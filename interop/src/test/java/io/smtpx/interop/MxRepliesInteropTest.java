package io.smtpx.interop;

import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import io.smtpx.camel.SmtpxConstants;
import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.RecipientResult;
import io.smtpx.delivery.RecipientState;
import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.delivery.SmtpxTransientException;
import io.smtpx.reply.SmtpStage;

import static io.smtpx.interop.Interop.MX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Postfix's own wording on RCPT, met at an MX host (the MX listener at 127.42.0.11, reached with smtpx:relay so
 * that these cases do not depend on DNS): an unknown user of the virtual mailbox table, and the replies its access
 * map gives chosen recipients (mailbox full, greylisted, spam, rate limited), alone and next to accepted recipients,
 * with what actually arrived counted on disk.
 */
class MxRepliesInteropTest extends InteropTestSupport {

    private static final String SENDER = "sender@sender.test";

    private static String mx() {
        return "smtpx:relay?host=" + Interop.MX1_HOST + "&port=" + Interop.MX_PORT
               + "&sslContextParameters=#interopTrust&" + HELO;
    }

    private Exchange sendTo(String to) {
        return send(mx(), Map.of("From", SENDER, "To", to, "Subject", "to " + to), "Body for " + to);
    }

    @Test
    void deliversToAnMxHostOverStartTls() {
        Exchange exchange = sendTo("alice@good.test");

        assertThat(exchange.getException()).isNull();
        assertOutcome(exchange, "SUCCESS", "DELIVERED", 250, "2.0.0");
        MX.awaitDelivered("alice@good.test", 1);
        assertThat(MX.messages("alice@good.test")).singleElement().asString().contains("Body for alice@good.test");
    }

    @Test
    void classifiesPostfixsUserUnknownInVirtualMailboxTable() {
        Exchange exchange = sendTo("nobody@good.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertOutcome(exchange, "PERMANENT", "MAILBOX_UNKNOWN", 550, "5.1.1");
        RecipientResult result = result(exchange, "nobody@good.test");
        assertThat(result.stage()).isEqualTo(SmtpStage.RCPT);
        assertThat(result.reply().text())
                .isEqualTo("<nobody@good.test>: Recipient address rejected: User unknown in virtual mailbox table");
        assertRecipients(exchange, "", "nobody@good.test");
    }

    @Test
    void classifiesAFullMailboxOnRcptAsTransient() {
        Exchange exchange = sendTo("full@good.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertOutcome(exchange, "TRANSIENT", "MAILBOX_FULL", 552, "5.2.2");
        assertThat(result(exchange, "full@good.test").reply().text())
                .isEqualTo("<full@good.test>: Recipient address rejected: Mailbox full");
    }

    @Test
    void classifiesGreylisting() {
        Exchange exchange = sendTo("greylist@good.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertOutcome(exchange, "TRANSIENT", "GREYLISTED", 450, "4.2.0");
        assertThat(result(exchange, "greylist@good.test").reply().text()).startsWith(
                "<greylist@good.test>: Recipient address rejected: Greylisted, see ");
    }

    @Test
    void classifiesASpamRejectionAsSpamNotAsAnUnknownMailbox() {
        Exchange exchange = sendTo("spam@good.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        RecipientResult result = result(exchange, "spam@good.test");
        assertThat(result.stage()).isEqualTo(SmtpStage.RCPT);
        assertThat(result.reply().text())
                .isEqualTo("<spam@good.test>: Recipient address rejected: Message rejected as spam");
        // Postfix puts "Recipient address rejected:" in front of every recipient restriction's text: the reason
        // must come from what follows, not from "address rejected"
        assertOutcome(exchange, "PERMANENT", "SPAM_CONTENT", 550, "5.7.1");
    }

    @Test
    void classifiesARateLimitThatEndsTheSession() {
        Exchange exchange = sendTo("ratelimit@good.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(result(exchange, "ratelimit@good.test").reply().text()).isEqualTo(
                "<ratelimit@good.test>: Recipient address rejected: Too many messages from this client, slow down");
        assertOutcome(exchange, "TRANSIENT", "RATE_LIMITED", 421, "4.7.0");
    }

    @Test
    void deliversExactlyOnceToTheAcceptedRecipientsWhenOneIsRefused() {
        Exchange exchange = send(mx(),
                Map.of("From", SENDER, "To", "alice@good.test, nobody@good.test", "Cc", "bob@good.test",
                        "Subject", "three recipients, one unknown"),
                "Once only");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertOutcome(exchange, "PERMANENT", "MAILBOX_UNKNOWN", 550, "5.1.1");
        assertRecipients(exchange, "alice@good.test,bob@good.test", "nobody@good.test");
        DeliveryReport report = report(exchange);
        assertThat(report.results(RecipientState.ACCEPTED)).hasSize(2)
                .allSatisfy(r -> assertThat(r.queueId()).isNotBlank());

        MX.awaitDelivered("bob@good.test", 1);
        MX.awaitDelivered("alice@good.test", 1);
        assertThat(MX.messages("alice@good.test")).singleElement().asString().contains("Once only");
        assertThat(MX.messages("bob@good.test")).singleElement().asString().contains("Once only");
    }

    @Test
    void keepsTheAcceptedRecipientsApartFromAGreylistedOne() {
        Exchange exchange = send(mx(),
                Map.of("From", SENDER, "To", "greylist@good.test, carol@good.test", "Subject", "one greylisted"),
                "Partly now");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertOutcome(exchange, "TRANSIENT", "GREYLISTED", 450, "4.2.0");
        assertRecipients(exchange, "carol@good.test", "greylist@good.test");
        assertThat(result(exchange, "greylist@good.test").state()).isEqualTo(RecipientState.TRANSIENT);
        MX.awaitDelivered("carol@good.test", 1);
        assertThat(MX.messages("carol@good.test")).singleElement().asString().contains("Partly now");
    }

    @Test
    void neverSendsTheAcceptedRecipientASecondCopyWhenCamelRedeliversTheRest() throws Exception {
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                onException(SmtpxTransientException.class).maximumRedeliveries(2).redeliveryDelay(0);
                from("direct:with-redelivery").to(mx());
            }
        });

        Exchange exchange = template.send("direct:with-redelivery", e -> {
            e.getMessage().setHeaders(new java.util.HashMap<>(
                    Map.of("From", SENDER, "To", "greylist@good.test, dave@good.test", "Subject", "redelivered")));
            e.getMessage().setBody("Exactly once");
        });

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ATTEMPT)).as("first try and two redeliveries")
                .isEqualTo(3);
        assertRecipients(exchange, "dave@good.test", "greylist@good.test");
        MX.awaitIdle();
        assertThat(MX.messages("dave@good.test")).singleElement().asString().contains("Exactly once");
    }

    @Test
    void acceptsNobodyWhenA421EndsTheTransactionBeforeData() {
        // Postfix disconnects right after a 421 (access(5)): recipients accepted earlier in the transaction got no
        // message, so they must not be reported as accepted
        Exchange exchange = send(mx(),
                Map.of("From", SENDER, "To", "alice@good.test, ratelimit@good.test, bob@good.test",
                        "Subject", "421 in the middle"),
                "Never sent");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(report(exchange).acceptedRecipients()).isEmpty();
        assertThat(report(exchange).results()).allSatisfy(r -> assertThat(r.state()).isEqualTo(
                RecipientState.TRANSIENT));
        assertThat(result(exchange, "ratelimit@good.test").classification().reason().name())
                .isEqualTo("RATE_LIMITED");
        MX.awaitIdle();
        assertThat(MX.count("alice@good.test")).isZero();
        assertThat(MX.count("bob@good.test")).isZero();
    }
}

package io.smtpx.interop;

import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import io.smtpx.camel.SmtpxConstants;
import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.delivery.SmtpxTransientException;
import io.smtpx.reply.SmtpStage;

import static io.smtpx.interop.Interop.RELAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * smtpx:relay against a real Postfix submission service: STARTTLS with the certificate made at setup, SASL through
 * Dovecot, relaying only for authenticated clients. What the relay accepts lands in its own virtual mailboxes.
 */
class RelayInteropTest extends InteropTestSupport {

    private static final String SENDER = "alice@sender.test";

    private static String relay(int port, String options) {
        return "smtpx:relay?host=" + Interop.RELAY_HOST + "&port=" + port + "&sslContextParameters=#interopTrust&"
               + HELO + (options.isEmpty() ? "" : "&" + options);
    }

    private static String authenticated(String options) {
        return relay(Interop.RELAY_PORT, "username=" + Interop.SASL_USER + "&password=RAW(" + Interop.SASL_PASSWORD
                                         + ")" + (options.isEmpty() ? "" : "&" + options));
    }

    @Test
    void deliversThroughTheRelayOverStartTlsWithAuthPlain() {
        Exchange exchange = send(authenticated("authMechanisms=PLAIN"),
                Map.of("From", SENDER, "To", "alice@remote.test", "Subject", "plain over starttls"), "Hello Alice");

        assertThat(exchange.getException()).isNull();
        assertOutcome(exchange, "SUCCESS", "DELIVERED", 250, "2.0.0");
        assertRecipients(exchange, "alice@remote.test", "");
        String queueId = exchange.getMessage().getHeader(SmtpxConstants.QUEUE_ID, String.class);
        assertThat(queueId).as("queue id from Postfix's '250 2.0.0 Ok: queued as ...'").isNotBlank();
        assertThat(report(exchange).decisive().reply().text()).isEqualTo("Ok: queued as " + queueId);

        RELAY.awaitDelivered("alice@remote.test", 1);
        assertThat(RELAY.messages("alice@remote.test")).singleElement().asString()
                .contains("Subject: plain over starttls", "Hello Alice",
                        "Message-ID: " + exchange.getMessage().getHeader(SmtpxConstants.MESSAGE_ID))
                .containsPattern("Received: from client\\.test .*\\n\\s+\\(using TLSv1\\.[23]")
                .contains("(Authenticated sender: alice)");
    }

    @Test
    void deliversThroughTheRelayWithAuthLogin() {
        Exchange exchange = send(authenticated("authMechanisms=LOGIN"),
                Map.of("From", SENDER, "To", "bob@remote.test", "Subject", "login"), "Hello Bob");

        assertThat(exchange.getException()).isNull();
        assertOutcome(exchange, "SUCCESS", "DELIVERED", 250, "2.0.0");
        RELAY.awaitDelivered("bob@remote.test", 1);
        assertThat(RELAY.messages("bob@remote.test")).singleElement().asString().contains("Hello Bob");
    }

    @Test
    void deliversOneCopyToEachRecipientAndKeepsBccPrivate() {
        Exchange exchange = send(authenticated(""),
                Map.of("From", SENDER, "To", "alice@remote.test", "Cc", "bob@remote.test", "Bcc", "carol@remote.test",
                        "Subject", "bcc privacy"),
                "For three");

        assertThat(exchange.getException()).isNull();
        assertOutcome(exchange, "SUCCESS", "DELIVERED", 250, "2.0.0");
        assertRecipients(exchange, "alice@remote.test,bob@remote.test,carol@remote.test", "");

        RELAY.awaitDelivered("carol@remote.test", 1);
        for (String rcpt : new String[] { "alice@remote.test", "bob@remote.test", "carol@remote.test" }) {
            assertThat(RELAY.messages(rcpt)).as(rcpt).singleElement().asString().contains("For three");
            String headers = headerBlock(RELAY.messages(rcpt).get(0));
            assertThat(headers).as("headers of %s's copy", rcpt).doesNotContainIgnoringCase("\nBcc:")
                    .contains("To: alice@remote.test").contains("Cc: bob@remote.test");
        }
        assertThat(RELAY.messages("alice@remote.test").get(0)).doesNotContain("carol");
        assertThat(RELAY.messages("bob@remote.test").get(0)).doesNotContain("carol");
        assertThat(RELAY.count("dave@remote.test")).isZero();
    }

    @Test
    void classifiesPostfixsRelayAccessDeniedForAnUnauthenticatedClient() {
        Exchange exchange = send(relay(Interop.RELAY_PORT, ""),
                Map.of("From", "someone@elsewhere.test", "To", "alice@remote.test", "Subject", "no auth"), "Relay?");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertOutcome(exchange, "PERMANENT", "RELAY_DENIED", 554, "5.7.1");
        assertRecipients(exchange, "", "alice@remote.test");
        DeliveryReport report = report(exchange);
        assertThat(report.decisive().stage()).isEqualTo(SmtpStage.RCPT);
        assertThat(report.decisive().reply().text()).isEqualTo("<alice@remote.test>: Relay access denied");
        assertThat(report.transcript()).contains("TLS established").doesNotContain("C: AUTH");
        RELAY.awaitIdle();
        assertThat(RELAY.count("alice@remote.test")).isZero();
    }

    @Test
    void classifiesPostfixsAuthenticationFailedWithoutRevealingThePassword() {
        String uri = relay(Interop.RELAY_PORT, "username=" + Interop.SASL_USER + "&password=RAW(wrong-Secret-7)");
        Exchange exchange = send(uri, Map.of("From", SENDER, "To", "alice@remote.test"), "Wrong password");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class)
                .hasMessageNotContaining("wrong-Secret-7");
        assertOutcome(exchange, "PERMANENT", "AUTH_FAILED", 535, "5.7.8");
        DeliveryReport report = report(exchange);
        assertThat(report.decisive().stage()).isEqualTo(SmtpStage.AUTH);
        assertThat(report.decisive().reply().text()).startsWith("Error: authentication failed");
        assertThat(report.transcript()).doesNotContain("wrong-Secret-7").doesNotContain("C: MAIL FROM");
        RELAY.awaitIdle();
        assertThat(RELAY.count("alice@remote.test")).isZero();
    }

    @Test
    void classifiesPostfixsMustIssueStartTlsWhereTlsIsEnforced() {
        // security=NONE: the component does not upgrade, and the listener with smtpd_tls_security_level=encrypt refuses
        Exchange exchange = send(relay(Interop.RELAY_TLS_PORT, "security=NONE"),
                Map.of("From", "someone@elsewhere.test", "To", "alice@remote.test"), "Plain text?");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertOutcome(exchange, "PERMANENT", "TLS_REQUIRED", 530, "5.7.0");
        DeliveryReport report = report(exchange);
        assertThat(report.decisive().stage()).isEqualTo(SmtpStage.MAIL);
        assertThat(report.decisive().reply().text()).isEqualTo("Must issue a STARTTLS command first");
        assertRecipients(exchange, "", "alice@remote.test");
        RELAY.awaitIdle();
        assertThat(RELAY.count("alice@remote.test")).isZero();
    }

    @Test
    void deliversOverTheListenerThatEnforcesTls() {
        String uri = relay(Interop.RELAY_TLS_PORT,
                "username=" + Interop.SASL_USER + "&password=RAW(" + Interop.SASL_PASSWORD + ")");
        Exchange exchange = send(uri, Map.of("From", SENDER, "To", "dave@remote.test"), "Encrypted");

        assertThat(exchange.getException()).isNull();
        assertOutcome(exchange, "SUCCESS", "DELIVERED", 250, "2.0.0");
        RELAY.awaitDelivered("dave@remote.test", 1);
        assertThat(RELAY.messages("dave@remote.test")).singleElement().asString().contains("Encrypted");
    }

    @Test
    void neverSendsCredentialsWhenThePostfixListenerOffersNoStartTls() {
        String uri = relay(Interop.RELAY_PLAIN_PORT,
                "username=" + Interop.SASL_USER + "&password=RAW(" + Interop.SASL_PASSWORD + ")");
        Exchange exchange = send(uri, Map.of("From", SENDER, "To", "alice@remote.test"), "No TLS here");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertOutcome(exchange, "TRANSIENT", "TLS_REQUIRED", report(exchange).decisive().reply().code(), "4.7.4");
        DeliveryReport report = report(exchange);
        assertThat(report.decisive().stage()).isEqualTo(SmtpStage.STARTTLS);
        assertThat(report.decisive().reply().isLocal()).isTrue();
        assertThat(report.transcript()).doesNotContain("C: AUTH").doesNotContain("C: MAIL FROM")
                .doesNotContain(Interop.SASL_PASSWORD);
        RELAY.awaitIdle();
        assertThat(RELAY.count("alice@remote.test")).isZero();
    }

    @Test
    void classifiesPostfixsSenderLoginMismatchGivenAtRcptAsSenderRejected() {
        // reject_sender_login_mismatch: alice may send as alice@sender.test only. With smtpd_delay_reject=yes (the
        // default) Postfix gives the sender's rejection in reply to RCPT, not MAIL
        Exchange exchange = send(authenticated(""),
                Map.of("From", "mallory@sender.test", "To", "alice@remote.test"), "Not my address");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        DeliveryReport report = report(exchange);
        assertThat(report.decisive().stage()).isEqualTo(SmtpStage.RCPT);
        assertThat(report.decisive().reply().text())
                .isEqualTo("<mallory@sender.test>: Sender address rejected: not owned by user alice");
        assertOutcome(exchange, "PERMANENT", "SENDER_REJECTED", 553, "5.7.1");
        RELAY.awaitIdle();
        assertThat(RELAY.count("alice@remote.test")).isZero();
    }
}

package io.smtpx.interop;

import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import io.smtpx.camel.SmtpxConstants;
import io.smtpx.delivery.RecipientState;
import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.delivery.SmtpxTransientException;
import io.smtpx.reply.SmtpStage;

import static io.smtpx.interop.Interop.MX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * smtpx:direct against dnsmasq and the MX Postfix: MX lookup, fallback to the next MX, implicit MX, null MX,
 * NXDOMAIN and a DNS server that never answers, each asserted on the classified result and on the mailboxes.
 */
class DirectInteropTest extends InteropTestSupport {

    private static final String SENDER = "sender@sender.test";

    private static String direct(String options) {
        return "smtpx:direct?dnsServers=" + Interop.DNS + "&mxPort=" + Interop.MX_PORT + "&dnsTimeout=1s"
               + "&connectTimeout=5s&" + HELO + (options.isEmpty() ? "" : "&" + options);
    }

    private Exchange sendTo(String to) {
        return send(direct(""), Map.of("From", SENDER, "To", to, "Subject", "direct to " + to), "Direct to " + to);
    }

    @Test
    void deliversToTheMxHostDnsNames() {
        Exchange exchange = sendTo("alice@good.test");

        assertThat(exchange.getException()).isNull();
        assertOutcome(exchange, "SUCCESS", "DELIVERED", 250, "2.0.0");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REMOTE_HOST, String.class))
                .contains(Interop.MX1_HOST);
        MX.awaitDelivered("alice@good.test", 1);
        assertThat(MX.messages("alice@good.test")).singleElement().asString().contains("Direct to alice@good.test")
                .as("opportunistic STARTTLS was used").containsPattern("\\(using TLSv1\\.[23]|ESMTPS");
    }

    @Test
    void fallsBackToTheNextMxWhenThePreferredOneRefusesConnections() {
        Exchange exchange = sendTo("alice@fallback.test");

        assertThat(exchange.getException()).isNull();
        assertOutcome(exchange, "SUCCESS", "DELIVERED", 250, "2.0.0");
        assertThat(result(exchange, "alice@fallback.test").remoteHost()).contains(Interop.MX2_HOST);
        MX.awaitDelivered("alice@fallback.test", 1);
        assertThat(MX.messages("alice@fallback.test")).singleElement().asString().contains("Direct to alice");
    }

    @Test
    void deliversToTheDomainsOwnAddressWhenItHasNoMx() {
        Exchange exchange = sendTo("alice@implicit.test");

        assertThat(exchange.getException()).isNull();
        assertOutcome(exchange, "SUCCESS", "DELIVERED", 250, "2.0.0");
        assertThat(result(exchange, "alice@implicit.test").remoteHost()).contains(Interop.MX3_HOST);
        MX.awaitDelivered("alice@implicit.test", 1);
    }

    @Test
    void deliversWithRequiredTlsVerifyingTheMxHostName() {
        Exchange exchange = send(direct("tlsPolicy=REQUIRED&sslContextParameters=#interopTrust"),
                Map.of("From", SENDER, "To", "bob@good.test", "Subject", "required tls"), "Verified TLS");

        assertThat(exchange.getException()).isNull();
        assertOutcome(exchange, "SUCCESS", "DELIVERED", 250, "2.0.0");
        MX.awaitDelivered("bob@good.test", 1);
        assertThat(MX.messages("bob@good.test")).singleElement().asString().contains("Verified TLS", "ESMTPS");
    }

    @Test
    void neverDeliversInPlainTextWhenRequiredTlsFindsNoTrustedCertificate() {
        // without the suite's trust store the self-signed certificate is not trusted: the MX is passed over
        Exchange exchange = send(direct("tlsPolicy=REQUIRED"),
                Map.of("From", SENDER, "To", "bob@good.test", "Subject", "untrusted"), "Not in plain text");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("TLS_REQUIRED");
        assertThat(result(exchange, "bob@good.test").stage()).isEqualTo(SmtpStage.STARTTLS);
        MX.awaitIdle();
        assertThat(MX.count("bob@good.test")).isZero();
    }

    @Test
    void honoursANullMx() {
        Exchange exchange = sendTo("alice@nullmx.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertOutcome(exchange, "PERMANENT", "DOMAIN_UNKNOWN", 556, "5.1.10");
        assertThat(result(exchange, "alice@nullmx.test").reply().isLocal()).isTrue();
    }

    @Test
    void classifiesNxdomainAsAnUnknownDomain() {
        Exchange exchange = sendTo("alice@nosuch.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertOutcome(exchange, "PERMANENT", "DOMAIN_UNKNOWN", 550, "5.1.2");
    }

    @Test
    void classifiesADnsServerThatNeverAnswersAsTemporary() {
        // dnsmasq forwards fail.test to 127.42.0.9:5399 where nothing listens, and never answers the query itself
        Exchange exchange = sendTo("alice@fail.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertOutcome(exchange, "TRANSIENT", "NETWORK", 451, "4.4.3");
    }

    @Test
    void classifiesMxHostsThatRefuseConnectionsAsTemporary() {
        Exchange exchange = sendTo("alice@dead.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertOutcome(exchange, "TRANSIENT", "NETWORK", 421, "4.4.1");
        assertThat(result(exchange, "alice@dead.test").stage()).isEqualTo(SmtpStage.CONNECT);
    }

    @Test
    void deliversExactlyOncePerAcceptedRecipientAcrossDomainsAndKeepsBccPrivate() {
        Exchange exchange = send(direct(""),
                Map.of("From", SENDER, "To", "alice@good.test, nobody@good.test", "Cc", "alice@implicit.test",
                        "Bcc", "alice@fallback.test, someone@nosuch.test", "Subject", "across domains"),
                "Across domains");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertRecipients(exchange, "alice@good.test,alice@implicit.test,alice@fallback.test",
                "nobody@good.test,someone@nosuch.test");
        assertThat(result(exchange, "nobody@good.test").classification().reason().name())
                .isEqualTo("MAILBOX_UNKNOWN");
        assertThat(result(exchange, "someone@nosuch.test").classification().reason().name())
                .isEqualTo("DOMAIN_UNKNOWN");
        assertThat(report(exchange).results(RecipientState.ACCEPTED)).hasSize(3);

        MX.awaitDelivered("alice@good.test", 1);
        MX.awaitDelivered("alice@implicit.test", 1);
        MX.awaitDelivered("alice@fallback.test", 1);
        for (String rcpt : new String[] { "alice@good.test", "alice@implicit.test", "alice@fallback.test" }) {
            assertThat(MX.messages(rcpt)).as(rcpt).singleElement().asString().contains("Across domains");
            assertThat(headerBlock(MX.messages(rcpt).get(0))).as("headers of %s's copy", rcpt)
                    .doesNotContainIgnoringCase("\nBcc:");
        }
        assertThat(MX.messages("alice@good.test").get(0)).doesNotContain("fallback.test", "nosuch.test");
        assertThat(MX.messages("alice@implicit.test").get(0)).doesNotContain("fallback.test", "nosuch.test");
    }
}

package io.smtpx.interop;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;

import io.smtpx.camel.SmtpxConstants;
import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.RecipientResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every interop test shares: the trust store for the servers' self-signed certificate (bound as #interopTrust),
 * empty mailboxes at the start of each test, sending, and reading the classified outcome.
 */
abstract class InteropTestSupport extends CamelTestSupport {

    /** The EHLO name the component gives: set, so that it never looks up this machine's own name. */
    static final String HELO = "heloName=client.test";

    @BeforeEach
    void bindTrustAndClearMailboxes() {
        SSLContextParameters trust = new SSLContextParameters();
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource("file:" + Interop.TRUST_STORE);
        trustStore.setPassword("changeit");
        trustStore.setType("PKCS12");
        trustManagers.setKeyStore(trustStore);
        trust.setTrustManagers(trustManagers);
        context.getRegistry().bind("interopTrust", trust);

        Interop.RELAY.clearMailboxes();
        Interop.MX.clearMailboxes();
    }

    /** Sends a text message with these headers (From, To, Cc, Bcc, Subject, ...) to the endpoint. */
    Exchange send(String uri, Map<String, Object> headers, String body) {
        Exchange exchange = template.send(uri, e -> {
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
            e.getMessage().setBody(body);
        });
        System.out.println("[interop] " + uri.replaceAll("password=RAW\\([^)]*\\)", "password=xxx") + "\n"
                           + describe(exchange));
        return exchange;
    }

    static DeliveryReport report(Exchange exchange) {
        DeliveryReport report = exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        assertThat(report).as("report header").isNotNull();
        return report;
    }

    static RecipientResult result(Exchange exchange, String recipient) {
        return report(exchange).results().stream().filter(r -> r.recipient().equals(recipient)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + recipient + " in " + report(exchange)));
    }

    /** Asserts the result headers of the exchange. A null expected enhanced status means "no header". */
    static void assertOutcome(Exchange exchange, String replyClass, String reason, int code, String enhancedStatus) {
        Message m = exchange.getMessage();
        String context = describe(exchange);
        assertThat(m.getHeader(SmtpxConstants.REPLY_CLASS)).as("reply class; %s", context).isEqualTo(replyClass);
        assertThat(m.getHeader(SmtpxConstants.REASON)).as("reason; %s", context).isEqualTo(reason);
        assertThat(m.getHeader(SmtpxConstants.REPLY_CODE, Integer.class)).as("reply code; %s", context)
                .isEqualTo(code);
        assertThat(m.getHeader(SmtpxConstants.ENHANCED_STATUS)).as("enhanced status; %s", context)
                .isEqualTo(enhancedStatus);
    }

    static void assertRecipients(Exchange exchange, String accepted, String failed) {
        Message m = exchange.getMessage();
        assertThat(m.getHeader(SmtpxConstants.ACCEPTED_RECIPIENTS)).as("accepted; %s", describe(exchange))
                .isEqualTo(accepted);
        assertThat(m.getHeader(SmtpxConstants.FAILED_RECIPIENTS)).as("failed; %s", describe(exchange))
                .isEqualTo(failed);
    }

    /** The report in a few lines, for assertion messages and the observed-replies log. */
    static String describe(Exchange exchange) {
        DeliveryReport report = exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        if (report == null) {
            return "no report; exception: " + exchange.getException();
        }
        StringBuilder sb = new StringBuilder(report.summary());
        report.results().forEach(r -> sb.append("\n    ").append(r.recipient()).append(": ").append(r.state())
                .append(' ').append(r.stage()).append(" \"").append(r.reply()).append("\" -> ")
                .append(r.classification().replyClass()).append('/').append(r.classification().reason()));
        if (report.transcript() != null) {
            sb.append("\n  transcript:\n    ").append(report.transcript().strip().replace("\n", "\n    "));
        }
        return sb.toString();
    }

    /** The header block of a delivered message (up to the first empty line). */
    static String headerBlock(String message) {
        int end = message.indexOf("\n\n");
        return end < 0 ? message : message.substring(0, end + 1);
    }
}

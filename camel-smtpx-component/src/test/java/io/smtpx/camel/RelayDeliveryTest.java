package io.smtpx.camel;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.InvalidMessageException;
import io.smtpx.delivery.OAuth2TokenSupplier;
import io.smtpx.delivery.RecipientState;
import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.delivery.SmtpxTransientException;
import io.smtpx.reply.SmtpStage;
import io.smtpx.test.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** smtpx:relay against a scripted SMTP server on loopback: every stage's reply, as the route sees it. */
class RelayDeliveryTest extends ScriptedRelayTestSupport {


    private Exchange send(String options, String to, String body) {
        return template.send(relay(options), exchange -> {
            exchange.getMessage().setHeader("From", "sender@example.com");
            exchange.getMessage().setHeader("To", to);
            exchange.getMessage().setHeader("Subject", "Test");
            exchange.getMessage().setBody(body);
        });
    }

    @Test
    void deliversAndPutsTheClassifiedResultOnTheExchange() {
        Exchange exchange = send("", "a@example.org", "Hello");

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CLASS)).isEqualTo("SUCCESS");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CODE)).isEqualTo(250);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("2.0.0");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("DELIVERED");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REMOTE_HOST)).isEqualTo("127.0.0.1:" + server.port());
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ACCEPTED_RECIPIENTS)).isEqualTo("a@example.org");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.FAILED_RECIPIENTS)).isEqualTo("");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.QUEUE_ID)).isEqualTo("Q1");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.MESSAGE_ID, String.class))
                .as("a Message-ID of this host, not of localhost").endsWith("@client.test>");
        DeliveryReport report = exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(RecipientState.ACCEPTED);
            assertThat(r.stage()).isEqualTo(SmtpStage.EOD);
        });
        assertThat(report.transcript()).as("kept only for failures").isNull();
        assertThat(server.messages()).singleElement().satisfies(m -> {
            assertThat(m.sender()).isEqualTo("sender@example.com");
            assertThat(m.recipients()).containsExactly("a@example.org");
            assertThat(m.contentAsString()).contains("Subject: Test").contains("Hello");
        });
        assertThat(server.commands()).contains("EHLO client.test");
    }

    @Test
    void deliversToAcceptedRecipientsWhenOneIsRefused() {
        server.onRcpt(line -> line.contains("bad@")
                ? "550 5.1.1 <bad@example.org>: Recipient address rejected: User unknown in virtual mailbox table"
                : "250 2.1.5 Ok");

        Exchange exchange = send("", "a@example.org, bad@example.org, c@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class)
                .hasMessageContaining("550 5.1.1")
                .hasMessageContaining("bad@example.org")
                .hasMessageContaining("MAILBOX_UNKNOWN");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CLASS)).isEqualTo("PERMANENT");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CODE)).isEqualTo(550);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("5.1.1");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("MAILBOX_UNKNOWN");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ACCEPTED_RECIPIENTS))
                .isEqualTo("a@example.org,c@example.org");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.FAILED_RECIPIENTS)).isEqualTo("bad@example.org");
        DeliveryReport report = ((SmtpxPermanentException) exchange.getException()).getReport();
        assertThat(report.results()).extracting(r -> r.stage()).containsExactly(SmtpStage.EOD, SmtpStage.RCPT,
                SmtpStage.EOD);
        assertThat(report.transcript()).contains("S: 550 5.1.1 <bad@example.org>");
        assertThat(server.messages()).singleElement()
                .satisfies(m -> assertThat(m.recipients()).containsExactly("a@example.org", "c@example.org"));
    }

    @Test
    void classifiesBusyGreetingAsTransientAndSendsNothing() {
        server.greeting("421 4.3.2 Service not available, closing transmission channel");

        Exchange exchange = send("", "a@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("SERVER_BUSY");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CODE)).isEqualTo(421);
        DeliveryReport report = exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        assertThat(report.decisive().stage()).isEqualTo(SmtpStage.CONNECT);
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void reportsAuthenticationRequiredAtMailWithAHint() {
        server.onMail(line -> "530 5.7.0 Authentication required");

        Exchange exchange = send("", "a@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class)
                .hasMessageContaining("530 5.7.0 Authentication required")
                .hasMessageContaining("username");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("AUTH_REQUIRED");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.HINT, String.class)).contains("587");
        assertThat(server.messages()).isEmpty();
        assertThat(server.commands()).contains("RSET");
    }

    @Test
    void classifiesSizeRefusalAtEndOfDataAsMessageTooLarge() {
        server.onEndOfData(m -> "552 5.3.4 Message size exceeds fixed limit");

        Exchange exchange = send("", "a@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("MESSAGE_TOO_LARGE");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("5.3.4");
    }

    @Test
    void recordsALostConnectionAfterTheFinalDotAsUncertainAndTransient() {
        server.onEndOfData(m -> ScriptedSmtpServer.DROP);

        Exchange exchange = send("", "a@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class)
                .hasMessageContaining("may have been delivered");
        DeliveryReport report = exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(RecipientState.UNCERTAIN);
            assertThat(r.stage()).isEqualTo(SmtpStage.EOD);
            assertThat(r.reply().isLocal()).isTrue();
        });
        assertThat(server.messages()).as("the server did get the message").hasSize(1);
    }

    @Test
    void reportsTheServers421RatherThanTheLostConnectionThatFollowsIt() {
        server.onRcpt(line -> line.contains("b@")
                ? "421 4.7.0 <b@example.org>: Too many messages from this client, slow down" : "250 2.1.5 Ok");

        Exchange exchange = send("", "a@example.org, b@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REPLY_CODE)).isEqualTo(421);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("4.7.0");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("RATE_LIMITED");
        DeliveryReport report = exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        assertThat(report.results()).extracting(r -> r.stage()).containsExactly(SmtpStage.DATA, SmtpStage.RCPT);
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void pipelinesTheEnvelopeAndResetsWhenEveryRecipientIsRefused() {
        server.onRcpt(line -> "550 5.1.1 User unknown");

        Exchange exchange = send("", "a@example.org, b@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertThat(server.commands()).containsExactly("EHLO client.test",
                "MAIL FROM:<sender@example.com> SIZE=" + sizeOfMail(),
                "RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA", "RSET");
        assertThat(server.messages()).isEmpty();
    }

    private String sizeOfMail() {
        String mail = server.commands().stream().filter(c -> c.startsWith("MAIL")).findFirst().orElseThrow();
        return mail.substring(mail.indexOf("SIZE=") + 5);
    }

    @Test
    void speaksOneCommandAtATimeToAServerWithoutPipelining() {
        server.extensions("8BITMIME");
        server.onRcpt(line -> line.contains("b@") ? "550 5.1.1 User unknown" : "250 2.1.5 Ok");

        Exchange exchange = send("", "a@example.org, b@example.org", "Hello");

        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ACCEPTED_RECIPIENTS)).isEqualTo("a@example.org");
        assertThat(server.commands()).containsExactly("EHLO client.test", "MAIL FROM:<sender@example.com>",
                "RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA");
    }

    @Test
    void declaresEightBitMimeOnlyForAMessageThatIsNotKnownToBeSevenBit() {
        send("", "a@example.org", "Hello");
        send("", "a@example.org", "Grüße");

        assertThat(server.commands()).filteredOn(c -> c.startsWith("MAIL"))
                .extracting(c -> c.replaceAll(" SIZE=\\d+", ""))
                .containsExactly("MAIL FROM:<sender@example.com>", "MAIL FROM:<sender@example.com> BODY=8BITMIME");
    }

    @Test
    void sendsTheRestInTheNextTransactionWhenTheServerSaysTooManyRecipients() {
        AtomicInteger inTransaction = new AtomicInteger();
        server.onMail(line -> {
            inTransaction.set(0);
            return "250 2.1.0 Ok";
        });
        server.onRcpt(line -> inTransaction.incrementAndGet() > 2 ? "452 4.5.3 Error: too many recipients"
                : "250 2.1.5 Ok");

        Exchange exchange = send("", "r1@example.org, r2@example.org, r3@example.org, r4@example.org, r5@example.org",
                "Hello");

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ACCEPTED_RECIPIENTS, String.class).split(","))
                .hasSize(5);
        assertThat(server.messages()).extracting(m -> m.recipients()).containsExactly(
                List.of("r1@example.org", "r2@example.org"), List.of("r3@example.org", "r4@example.org"),
                List.of("r5@example.org"));
        assertThat(server.connections()).as("one session for all transactions").isEqualTo(1);
    }

    @Test
    void splitsRecipientsOverTransactionsOfTheConfiguredSize() {
        Exchange exchange = send("maxRecipientsPerTransaction=2",
                "r1@example.org, r2@example.org, r3@example.org, r4@example.org, r5@example.org", "Hello");

        assertThat(exchange.getException()).isNull();
        assertThat(server.messages()).extracting(m -> m.recipients().size()).containsExactly(2, 2, 1);
    }

    @Test
    void refusesLocallyAMessageLargerThanTheServersSize() {
        server.extensions("PIPELINING", "SIZE 200");

        Exchange exchange = send("", "a@example.org", "x".repeat(1000));

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class)
                .hasMessageContaining("exceeds the server's limit of 200");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("MESSAGE_TOO_LARGE");
        assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void refusesANonAsciiAddressWhenTheServerLacksSmtpUtf8() {
        Exchange exchange = send("", "jörg@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class)
                .hasMessageContaining("SMTPUTF8");
        assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void asksForSmtpUtf8WhenAnAddressNeedsItAndTheServerOffersIt() {
        server.extensions("SMTPUTF8", "8BITMIME");

        Exchange exchange = send("", "jörg@example.org", "Hello");

        assertThat(exchange.getException()).isNull();
        assertThat(server.commands()).anyMatch(c -> c.startsWith("MAIL FROM:<sender@example.com>") && c.contains(" SMTPUTF8"));
        assertThat(server.messages()).singleElement().satisfies(m -> assertThat(m.recipients()).containsExactly("jörg@example.org"));
    }

    @Test
    void sendsDsnParametersWhenTheExchangeAsksAndTheServerOffersDsn() {
        Exchange exchange = template.send(relay(""), e -> {
            e.getMessage().setHeader("From", "sender@example.com");
            e.getMessage().setHeader("To", "a+b@example.org");
            e.getMessage().setHeader(SmtpxConstants.DSN_NOTIFY, "SUCCESS,FAILURE");
            e.getMessage().setHeader(SmtpxConstants.DSN_RET, "HDRS");
            e.getMessage().setHeader(SmtpxConstants.DSN_ENVID, "order-42");
            e.getMessage().setBody("Hello");
        });

        assertThat(exchange.getException()).isNull();
        assertThat(server.commands()).anyMatch(c -> c.startsWith("MAIL") && c.contains(" RET=HDRS ENVID=order-42"));
        assertThat(server.commands()).contains("RCPT TO:<a+b@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+2Bb@example.org");
    }

    @Test
    void fallsBackToHeloWhenTheServerDoesNotKnowEhlo() {
        server.onEhlo(line -> "502 5.5.2 Error: command not recognized");

        Exchange exchange = send("", "a@example.org", "Hello");

        assertThat(exchange.getException()).isNull();
        assertThat(server.commands()).startsWith("EHLO client.test", "HELO client.test", "MAIL FROM:<sender@example.com>");
    }

    @Test
    void dotStuffsAndNormalisesBareLineBreaksInTheBody() {
        Exchange exchange = send("", "a@example.org", "first\n.hidden dot\rlast\r\n.\r\nend");

        assertThat(exchange.getException()).isNull();
        String content = server.messages().get(0).contentAsString();
        assertThat(content).contains("first\r\n.hidden dot\r\nlast\r\n.\r\nend");
        assertThat(content.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void classifiesARefusedConnectionAsTransientWithThePort25Hint() throws Exception {
        int closedPort = server.port();
        server.close();

        Exchange exchange = send("", "a@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("NETWORK");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("4.4.1");
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REMOTE_HOST)).isEqualTo("127.0.0.1:" + closedPort);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.HINT, String.class)).contains("port 25");
    }

    @Test
    void rejectsCrLfInjectedIntoAHeaderBeforeConnecting() {
        Exchange exchange = template.send(relay(""), e -> {
            e.getMessage().setHeader("From", "sender@example.com");
            e.getMessage().setHeader("To", "a@example.org");
            e.getMessage().setHeader("X-Order", "42\r\nBcc: victim@example.net");
            e.getMessage().setBody("Hello");
        });

        assertThat(exchange.getException()).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("X-Order").hasMessageContaining("CR/LF");
        assertThat(server.connections()).isZero();
    }

    @Test
    void rejectsCrLfInAnEnvelopeAddressBeforeConnecting() {
        Exchange exchange = template.send(relay(""), e -> {
            e.getMessage().setHeader("From", "sender@example.com");
            e.getMessage().setHeader("To", "a@example.org");
            e.getMessage().setHeader(SmtpxConstants.ENVELOPE_FROM, "x@example.com>\r\nRCPT TO:<victim@example.net");
            e.getMessage().setBody("Hello");
        });

        assertThat(exchange.getException()).isInstanceOf(InvalidMessageException.class).hasMessageContaining("CR or LF");
        assertThat(server.connections()).isZero();
    }

    @Test
    void rejectsAMessageWithoutRecipientsBeforeConnecting() {
        Exchange exchange = template.send(relay(""), e -> {
            e.getMessage().setHeader("From", "sender@example.com");
            e.getMessage().setBody("Hello");
        });

        assertThat(exchange.getException()).isInstanceOf(InvalidMessageException.class).hasMessageContaining("recipients");
        assertThat(server.connections()).isZero();
    }

    @Test
    void rejectsAMessageWithoutSenderBeforeConnecting() {
        Exchange exchange = template.send(relay(""), e -> {
            e.getMessage().setHeader("To", "a@example.org");
            e.getMessage().setBody("Hello");
        });

        assertThat(exchange.getException()).isInstanceOf(InvalidMessageException.class).hasMessageContaining("sender");
        assertThat(server.connections()).isZero();
    }

    @Test
    void rejectsAMalformedRecipientBeforeConnecting() {
        Exchange exchange = send("", "not-an-address", "Hello");

        assertThat(exchange.getException()).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("not-an-address");
        assertThat(server.connections()).isZero();
    }

    @Test
    void neverSendsCredentialsOverPlainTextUnlessAllowedByName() {
        assertThatThrownBy(() -> send("username=user&password=s3cret-pw", "a@example.org", "Hello"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("allowPlaintextAuth").hasMessageNotContaining("s3cret-pw");
        assertThat(server.connections()).isZero();
    }

    @Test
    void keepsThePasswordOutOfExceptionsAndTranscripts() {
        server.extensions("AUTH PLAIN LOGIN");
        server.onAuth(line -> "535 5.7.8 Error: authentication failed: authentication failure");

        Exchange exchange = send("username=user&password=s3cret-pw&allowPlaintextAuth=true", "a@example.org", "Hello");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertThat(exchange.getMessage().getHeader(SmtpxConstants.REASON)).isEqualTo("AUTH_FAILED");
        DeliveryReport report = exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
        String plainPayload = Base64.getEncoder().encodeToString("\0user\0s3cret-pw".getBytes());
        assertThat(server.commands()).contains("AUTH PLAIN " + plainPayload);
        assertThat(report.transcript()).contains("C: AUTH PLAIN ***").doesNotContain(plainPayload)
                .doesNotContain("s3cret-pw");
        assertThat(exchange.getException().getMessage()).doesNotContain("s3cret-pw").doesNotContain(plainPayload);
    }

    @Test
    void asksTheTokenSupplierForAFreshTokenOnceWhenXoauth2IsRejected() {
        server.extensions("AUTH PLAIN XOAUTH2");
        server.onAuth(auth -> {
            if (auth.line().isEmpty()) {
                return "535 5.7.8 Username and Password not accepted";
            }
            String decoded = new String(Base64.getDecoder().decode(auth.line().substring("AUTH XOAUTH2 ".length())));
            return decoded.contains("Bearer fresh-token") ? "235 2.7.0 Accepted"
                    : "334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiQmVhcmVyIn0=";
        });
        AtomicInteger fresh = new AtomicInteger();
        context.getRegistry().bind("tokens", new OAuth2TokenSupplier() {
            @Override
            public String token() {
                return "stale-token";
            }

            @Override
            public String freshToken(String rejected) {
                fresh.incrementAndGet();
                return "fresh-token";
            }
        });

        Exchange exchange = send("username=user@example.com&oauth2TokenSupplier=#tokens&allowPlaintextAuth=true",
                "a@example.org", "Hello");

        assertThat(exchange.getException()).isNull();
        assertThat(fresh).hasValue(1);
        assertThat(server.commands()).filteredOn(c -> c.startsWith("AUTH XOAUTH2")).hasSize(2);
        assertThat(server.messages()).hasSize(1);
    }
}

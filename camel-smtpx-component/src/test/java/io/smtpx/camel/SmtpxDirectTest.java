package io.smtpx.camel;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpx.delivery.DeliveryReport;
import io.smtpx.delivery.DomainDelivery;
import io.smtpx.delivery.RecipientResult;
import io.smtpx.delivery.RecipientState;
import io.smtpx.delivery.SmtpxPermanentException;
import io.smtpx.delivery.SmtpxTransientException;
import io.smtpx.reply.Reason;
import io.smtpx.reply.SmtpStage;
import io.smtpx.test.LoopbackDnsServer;
import io.smtpx.test.LoopbackMxServer;
import io.smtpx.test.ScriptedSmtpServer;
import io.smtpx.test.TestTls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * smtpx:direct end to end: a Camel route, a DNS server and MX hosts on loopback addresses (127.0.0.2, .3, ...; .8 and
 * .9 have nothing listening), all sharing one port as MX hosts share port 25.
 */
class SmtpxDirectTest {

    private static final String UP_1 = "127.0.0.2";
    private static final String UP_2 = "127.0.0.3";
    private static final String DOWN_1 = "127.0.0.8";
    private static final String DOWN_2 = "127.0.0.9";

    private final List<LoopbackMxServer> servers = new ArrayList<>();
    private LoopbackDnsServer dns;
    private CamelContext camel;
    private ProducerTemplate template;
    private int port;

    @BeforeEach
    void start() throws Exception {
        dns = LoopbackDnsServer.start();
        port = LoopbackMxServer.freePort(UP_1, UP_2, DOWN_1, DOWN_2);
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        servers.forEach(LoopbackMxServer::close);
        camel.stop();
        dns.close();
    }

    private LoopbackMxServer mx(String address) {
        LoopbackMxServer server = LoopbackMxServer.on(address, port);
        servers.add(server);
        return server;
    }

    private String server(String host, String address) {
        return host + "[" + address + "]:" + port;
    }

    private String uri(String options) {
        return "smtpx:direct?dnsServers=" + dns.address() + "&mxPort=" + port
               + "&heloName=client.test&connectTimeout=2000&readTimeout=5000" + options;
    }

    private Exchange send(String options, String to) {
        return template.send(uri(options), exchange -> {
            Message message = exchange.getMessage();
            message.setHeader("From", "sender@client.test");
            message.setHeader("To", to);
            message.setHeader("Subject", "direct delivery test");
            message.setBody("Hello over port 25");
        });
    }

    private static DeliveryReport report(Exchange exchange) {
        return exchange.getMessage().getHeader(SmtpxConstants.REPORT, DeliveryReport.class);
    }

    private static String header(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    @Test
    void reusesTheSessionToAnMxForTheNextMessageToItsDomain() throws Exception {
        dns.mx("example.test", 10, "mx1.example.test").a("mx1.example.test", UP_1);
        LoopbackMxServer mx = mx(UP_1).start();

        for (int i = 0; i < 3; i++) {
            assertThat(send("", "user" + i + "@example.test").getException()).isNull();
        }

        assertThat(mx.messages()).hasSize(3);
        assertThat(mx.sessions()).isEqualTo(1);
    }

    @Test
    void fallsBackToSecondMxWhenFirstRefusesConnection() throws Exception {
        dns.mx("example.test", 10, "mx1.example.test").a("mx1.example.test", DOWN_1)
                .mx("example.test", 20, "mx2.example.test").a("mx2.example.test", UP_2);
        LoopbackMxServer second = mx(UP_2).start();

        Exchange exchange = send("", "alice@example.test");

        assertThat(exchange.getException()).isNull();
        assertThat(header(exchange, SmtpxConstants.REPLY_CLASS)).isEqualTo("SUCCESS");
        assertThat(header(exchange, SmtpxConstants.REASON)).isEqualTo("DELIVERED");
        assertThat(header(exchange, SmtpxConstants.REMOTE_HOST)).isEqualTo(server("mx2.example.test", UP_2));
        assertThat(header(exchange, SmtpxConstants.ACCEPTED_RECIPIENTS)).isEqualTo("alice@example.test");
        DomainDelivery domain = report(exchange).domains().get(0);
        assertThat(domain.triedHosts()).containsExactly(server("mx1.example.test", DOWN_1),
                server("mx2.example.test", UP_2));
        assertThat(domain.answeredBy()).isEqualTo(server("mx2.example.test", UP_2));
        assertThat(domain.passedOver().get(0).stage()).isEqualTo(SmtpStage.CONNECT);
        assertThat(domain.passedOver().get(0).reply().enhancedStatus()).isEqualTo("4.4.1");
        assertThat(second.messages()).singleElement().satisfies(m -> {
            assertThat(m.sender()).isEqualTo("sender@client.test");
            assertThat(m.recipients()).containsExactly("alice@example.test");
            assertThat(m.contentAsString()).contains("Subject: direct delivery test").contains("Hello over port 25");
        });
    }

    @Test
    void deliversToTheDomainsOwnAddressWhenItHasNoMx() throws Exception {
        dns.a("plain.test", UP_1);
        LoopbackMxServer host = mx(UP_1).start();

        Exchange exchange = send("", "bob@plain.test");

        assertThat(exchange.getException()).isNull();
        assertThat(header(exchange, SmtpxConstants.REMOTE_HOST)).isEqualTo(server("plain.test", UP_1));
        assertThat(host.messages()).singleElement()
                .satisfies(m -> assertThat(m.recipients()).containsExactly("bob@plain.test"));
    }

    @Test
    void deliversOneMessageToThreeDomainsWithThreeOutcomes() throws Exception {
        dns.mx("a.test", 10, "mx.a.test").a("mx.a.test", UP_1)
                .mx("b.test", 10, "mx.b.test").a("mx.b.test", UP_2)
                .nullMx("c.test");
        LoopbackMxServer a = mx(UP_1).start();
        LoopbackMxServer b = mx(UP_2).refuseRecipient("bob@b.test", 550, "5.1.1 user unknown").start();

        Exchange exchange = send("", "alice@a.test, bob@b.test, carol@c.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertThat(header(exchange, SmtpxConstants.REPLY_CLASS)).isEqualTo("PERMANENT");
        assertThat(header(exchange, SmtpxConstants.ACCEPTED_RECIPIENTS)).isEqualTo("alice@a.test");
        assertThat(header(exchange, SmtpxConstants.FAILED_RECIPIENTS)).isEqualTo("bob@b.test,carol@c.test");
        assertThat(header(exchange, SmtpxConstants.ENHANCED_STATUS)).isEqualTo("5.1.1");
        assertThat(header(exchange, SmtpxConstants.REASON)).isEqualTo("MAILBOX_UNKNOWN");
        assertThat(header(exchange, SmtpxConstants.REMOTE_HOST)).isEqualTo(server("mx.b.test", UP_2));

        DeliveryReport report = report(exchange);
        assertThat(report.results()).extracting(RecipientResult::recipient)
                .containsExactly("alice@a.test", "bob@b.test", "carol@c.test");
        RecipientResult alice = report.results().get(0);
        RecipientResult bob = report.results().get(1);
        RecipientResult carol = report.results().get(2);
        assertThat(alice.state()).isEqualTo(RecipientState.ACCEPTED);
        assertThat(alice.remoteHost()).isEqualTo(server("mx.a.test", UP_1));
        assertThat(bob.state()).isEqualTo(RecipientState.PERMANENT);
        assertThat(bob.stage()).isEqualTo(SmtpStage.RCPT);
        assertThat(carol.state()).isEqualTo(RecipientState.PERMANENT);
        assertThat(carol.reply().enhancedStatus()).isEqualTo("5.1.10");
        assertThat(carol.classification().reason()).isEqualTo(Reason.DOMAIN_UNKNOWN);
        assertThat(carol.remoteHost()).isNull();
        assertThat(report.domains()).extracting(DomainDelivery::domain).containsExactly("a.test", "b.test", "c.test");
        assertThat(report.domains()).extracting(DomainDelivery::answeredBy)
                .containsExactly(server("mx.a.test", UP_1), server("mx.b.test", UP_2), null);

        assertThat(a.messages()).singleElement()
                .satisfies(m -> assertThat(m.recipients()).containsExactly("alice@a.test"));
        assertThat(b.messages()).isEmpty();
        assertThat(b.sessions()).isEqualTo(1);
    }

    @Test
    void passesOverMxThatGreetsWithAnError() throws Exception {
        dns.mx("busy.test", 10, "mx1.busy.test").a("mx1.busy.test", UP_1)
                .mx("busy.test", 20, "mx2.busy.test").a("mx2.busy.test", UP_2);
        LoopbackMxServer first = mx(UP_1).greetWith(421, "4.3.2 too busy, try later").start();
        LoopbackMxServer second = mx(UP_2).start();

        Exchange exchange = send("", "carol@busy.test");

        assertThat(exchange.getException()).isNull();
        assertThat(first.sessions()).isEqualTo(1);
        assertThat(second.messages()).hasSize(1);
        DomainDelivery domain = report(exchange).domains().get(0);
        assertThat(domain.passedOver()).singleElement().satisfies(f -> {
            assertThat(f.server()).isEqualTo(server("mx1.busy.test", UP_1));
            assertThat(f.stage()).isEqualTo(SmtpStage.CONNECT);
            assertThat(f.reply().code()).isEqualTo(421);
        });
    }

    @Test
    void passesOverMxThatDefersMailFrom() throws Exception {
        dns.mx("defer.test", 10, "mx1.defer.test").a("mx1.defer.test", UP_1)
                .mx("defer.test", 20, "mx2.defer.test").a("mx2.defer.test", UP_2);
        LoopbackMxServer first = mx(UP_1).refuseMail(451, "4.3.0 local problem, try another MX").start();
        LoopbackMxServer second = mx(UP_2).start();

        Exchange exchange = send("", "dave@defer.test");

        assertThat(exchange.getException()).isNull();
        assertThat(first.messages()).isEmpty();
        assertThat(second.messages()).hasSize(1);
        assertThat(report(exchange).domains().get(0).passedOver()).singleElement()
                .satisfies(f -> assertThat(f.stage()).isEqualTo(SmtpStage.MAIL));
    }

    @Test
    void doesNotAskAnotherMxWhenTheFirstRefusesTheRecipient() throws Exception {
        dns.mx("strict.test", 10, "mx1.strict.test").a("mx1.strict.test", UP_1)
                .mx("strict.test", 20, "mx2.strict.test").a("mx2.strict.test", UP_2);
        mx(UP_1).refuseRecipient("erin@strict.test", 550, "5.1.1 no such user").start();
        LoopbackMxServer second = mx(UP_2).start();

        Exchange exchange = send("", "erin@strict.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertThat(header(exchange, SmtpxConstants.REASON)).isEqualTo("MAILBOX_UNKNOWN");
        assertThat(header(exchange, SmtpxConstants.REMOTE_HOST)).isEqualTo(server("mx1.strict.test", UP_1));
        assertThat(second.sessions()).isZero();
        assertThat(report(exchange).domains().get(0).triedHosts())
                .containsExactly(server("mx1.strict.test", UP_1));
    }

    @Test
    void namesThePortNoMxAcceptedAConnectionOn() {
        dns.mx("unreachable.test", 10, "mx1.unreachable.test").a("mx1.unreachable.test", DOWN_1)
                .mx("unreachable.test", 20, "mx2.unreachable.test").a("mx2.unreachable.test", DOWN_2);

        Exchange exchange = send("", "frank@unreachable.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(header(exchange, SmtpxConstants.REPLY_CLASS)).isEqualTo("TRANSIENT");
        assertThat(header(exchange, SmtpxConstants.ENHANCED_STATUS)).isEqualTo("4.4.1");
        assertThat(header(exchange, SmtpxConstants.REASON)).isEqualTo("NETWORK");
        assertThat(header(exchange, SmtpxConstants.HINT)).contains("port 25").contains("smtpx:relay");
        assertThat(header(exchange, SmtpxConstants.REMOTE_HOST)).isNull();
        DeliveryReport report = report(exchange);
        // on port 25 the text would say that outbound port 25 is often blocked; this test's MX hosts use another
        assertThat(report.decisive().reply().text()).contains("Could not connect to any mail exchanger")
                .contains("mx1.unreachable.test").contains("mx2.unreachable.test")
                .contains("listen on port " + port + " (mxPort)").doesNotContain("Outbound port 25");
        assertThat(report.domains().get(0).triedHosts()).hasSize(2);
        assertThat(report.domains().get(0).answeredBy()).isNull();
    }

    @Test
    void triesAtMostFiveAddressesOfADomainPerAttemptAsPostfixDoes() throws Exception {
        for (int i = 1; i <= 5; i++) {
            dns.mx("many.test", i * 10, "mx" + i + ".many.test").a("mx" + i + ".many.test", i % 2 == 0 ? DOWN_2 : DOWN_1);
        }
        dns.mx("many.test", 60, "mx6.many.test").a("mx6.many.test", UP_1);
        LoopbackMxServer sixth = mx(UP_1).start();

        Exchange exchange = send("", "henry@many.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(header(exchange, SmtpxConstants.ENHANCED_STATUS)).isEqualTo("4.4.1");
        DomainDelivery domain = report(exchange).domains().get(0);
        assertThat(domain.triedHosts()).hasSize(5).noneMatch(host -> host.startsWith("mx6."));
        assertThat(domain.answeredBy()).isNull();
        assertThat(sixth.messages()).isEmpty();
    }

    @Test
    void failsPermanentlyForANonexistentDomainWithoutConnecting() {
        Exchange exchange = send("", "grace@nowhere.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxPermanentException.class);
        assertThat(header(exchange, SmtpxConstants.ENHANCED_STATUS)).isEqualTo("5.1.2");
        assertThat(header(exchange, SmtpxConstants.REASON)).isEqualTo("DOMAIN_UNKNOWN");
        assertThat(report(exchange).domains().get(0).triedHosts()).isEmpty();
    }

    @Test
    void failsTransientlyWhenDnsAnswersServerFailure() {
        dns.serverFailure("flaky.test");

        Exchange exchange = send("", "heidi@flaky.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(header(exchange, SmtpxConstants.ENHANCED_STATUS)).isEqualTo("4.4.3");
        assertThat(header(exchange, SmtpxConstants.REASON)).isEqualTo("NETWORK");
    }

    @Test
    void sendsOneTransactionPerBatchOfMaxRecipientsAndLooksTheDomainUpOnce() throws Exception {
        dns.mx("many.test", 10, "mx.many.test").a("mx.many.test", UP_1);
        LoopbackMxServer host = mx(UP_1).start();

        Exchange first = send("&maxRecipientsPerTransaction=2", "r1@many.test, r2@many.test, r3@many.test");
        Exchange second = send("&maxRecipientsPerTransaction=2", "r4@many.test");

        assertThat(first.getException()).isNull();
        assertThat(second.getException()).isNull();
        assertThat(host.messages()).extracting(ScriptedSmtpServer.ReceivedMessage::recipients).containsExactly(
                List.of("r1@many.test", "r2@many.test"), List.of("r3@many.test"), List.of("r4@many.test"));
        assertThat(host.sessions()).as("the second message reuses the session").isEqualTo(1);
        assertThat(dns.queryCount("many.test", "MX")).isEqualTo(1);
    }

    @Test
    void keepsToTheLimitsTheMxAnnouncesAndStaysWithItForTheRestOfTheMessage() throws Exception {
        dns.mx("limits.test", 10, "mx1.limits.test").a("mx1.limits.test", UP_1)
                .mx("limits.test", 20, "mx2.limits.test").a("mx2.limits.test", UP_2);
        LoopbackMxServer first = mx(UP_1).start();
        LoopbackMxServer second = mx(UP_2).start();
        first.smtp().extensions("PIPELINING", "LIMITS MAILMAX=1 RCPTMAX=1");

        Exchange exchange = send("", "r1@limits.test, r2@limits.test");

        assertThat(exchange.getException()).isNull();
        assertThat(first.messages()).extracting(ScriptedSmtpServer.ReceivedMessage::recipients)
                .containsExactly(List.of("r1@limits.test"), List.of("r2@limits.test"));
        assertThat(first.sessions()).as("one transaction per session, as announced").isEqualTo(2);
        assertThat(second.sessions()).isZero();
    }

    @Test
    void encryptsOpportunisticallyWhateverTheCertificateSays() throws Exception {
        dns.mx("tls.test", 10, "mx.tls.test").a("mx.tls.test", UP_1);
        // the certificate is for localhost, not mx.tls.test: opportunistic TLS encrypts anyway
        LoopbackMxServer host = mx(UP_1).startTls(TestTls.serverContext("tls/server.p12")).requireTls().start();

        Exchange exchange = send("", "ivan@tls.test");

        assertThat(exchange.getException()).isNull();
        assertThat(host.messages()).hasSize(1);
    }

    @Test
    void retriesInPlainTextWhenTheOpportunisticHandshakeFails() throws Exception {
        dns.mx("badtls.test", 10, "mx.badtls.test").a("mx.badtls.test", UP_1);
        LoopbackMxServer host = mx(UP_1).brokenStartTls().start();

        Exchange exchange = send("", "judy@badtls.test");

        assertThat(exchange.getException()).isNull();
        assertThat(host.sessions()).isEqualTo(2);
        assertThat(host.messages()).hasSize(1);
        assertThat(report(exchange).domains().get(0).passedOver()).isEmpty();
    }

    @Test
    void requiredTlsPassesOverMxWhoseCertificateDoesNotMatchItsName() throws Exception {
        dns.mx("verified.test", 10, "wrong-name.verified.test").a("wrong-name.verified.test", UP_1)
                .mx("verified.test", 20, "localhost").a("localhost", UP_2);
        SSLContext tls = TestTls.serverContext("tls/server.p12");
        LoopbackMxServer mismatched = mx(UP_1).startTls(tls).start();
        LoopbackMxServer matching = mx(UP_2).startTls(tls).start();
        camel.getRegistry().bind("trust", TestTrustStore.parameters());

        Exchange exchange = send("&tlsPolicy=REQUIRED&sslContextParameters=#trust", "ken@verified.test");

        assertThat(exchange.getException()).isNull();
        assertThat(header(exchange, SmtpxConstants.REMOTE_HOST)).isEqualTo(server("localhost", UP_2));
        assertThat(mismatched.messages()).isEmpty();
        assertThat(matching.messages()).hasSize(1);
        assertThat(report(exchange).domains().get(0).passedOver()).singleElement().satisfies(f -> {
            assertThat(f.stage()).isEqualTo(SmtpStage.STARTTLS);
            assertThat(f.reply().enhancedStatus()).isEqualTo("4.7.5");
        });
    }

    @Test
    void requiredTlsNeverFallsBackToPlainText() throws Exception {
        dns.mx("plaintext.test", 10, "mx.plaintext.test").a("mx.plaintext.test", UP_1);
        LoopbackMxServer host = mx(UP_1).start();

        Exchange exchange = send("&tlsPolicy=REQUIRED", "leo@plaintext.test");

        assertThat(exchange.getException()).isInstanceOf(SmtpxTransientException.class);
        assertThat(header(exchange, SmtpxConstants.REASON)).isEqualTo("TLS_REQUIRED");
        assertThat(header(exchange, SmtpxConstants.ENHANCED_STATUS)).isEqualTo("4.7.4");
        assertThat(host.messages()).isEmpty();
    }


}

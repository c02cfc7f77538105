package io.smtpx.test;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DNS server's answers as a resolver gets them on the wire (dnsjava's SimpleResolver, no cache). The lookups of
 * MX, A, AAAA, null MX, NXDOMAIN, SERVFAIL and silence through smtpx's resolver are tested in the component.
 */
class LoopbackDnsServerTest {

    private LoopbackDnsServer dns;
    private SimpleResolver resolver;

    @BeforeEach
    void start() throws Exception {
        dns = LoopbackDnsServer.start();
        resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(dns.port());
        resolver.setTimeout(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private Message ask(String name, int type) throws Exception {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    @Test
    void answersMxAndAddressRecordsWithTheirTtl() throws Exception {
        dns.ttl(60).mx("example.test", 10, "mx1.example.test").a("mx1.example.test", "127.0.0.2")
                .aaaa("mx1.example.test", "::1");

        Message mx = ask("example.test.", Type.MX);
        Message aaaa = ask("mx1.example.test.", Type.AAAA);

        assertThat(mx.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(mx.getSection(Section.ANSWER)).singleElement().satisfies(r -> {
            assertThat(r.rdataToString()).isEqualTo("10 mx1.example.test.");
            assertThat(r.getTTL()).isEqualTo(60);
        });
        assertThat(aaaa.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("0:0:0:0:0:0:0:1"));
    }

    @Test
    void failsTheFirstQueriesOnlyWhenToldHowMany() throws Exception {
        dns.mx("flaky.test", 10, "mx.flaky.test").serverFailure("flaky.test", 2);

        assertThat(ask("flaky.test.", Type.MX).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(ask("flaky.test.", Type.MX).getRcode()).isEqualTo(Rcode.SERVFAIL);
        Message third = ask("flaky.test.", Type.MX);

        assertThat(third.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(third.getSection(Section.ANSWER)).hasSize(1);
        assertThat(dns.queryCount("flaky.test", "MX")).isEqualTo(3);
    }

    @Test
    void answersNodataForANameThatExistsWithoutRecordsOfTheType() throws Exception {
        dns.exists("empty.test").a("host.test", "127.0.0.2");

        Message empty = ask("empty.test.", Type.MX);
        Message noMx = ask("host.test.", Type.MX);

        assertThat(empty.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(empty.getSection(Section.ANSWER)).isEmpty();
        assertThat(empty.getSection(Section.AUTHORITY)).as("SOA for negative caching").hasSize(1);
        assertThat(noMx.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(noMx.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void changesItsAnswersBetweenAttempts() throws Exception {
        dns.mx("moving.test", 10, "mx.moving.test").serverFailure("broken.test");
        assertThat(ask("moving.test.", Type.MX).getRcode()).isEqualTo(Rcode.NOERROR);

        dns.nxdomain("moving.test");
        assertThat(ask("moving.test.", Type.MX).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        dns.clear().mx("moving.test", 20, "mx2.moving.test");
        assertThat(ask("moving.test.", Type.MX).getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("20 mx2.moving.test."));
        assertThat(ask("broken.test.", Type.MX).getRcode()).as("cleared too").isEqualTo(Rcode.NXDOMAIN);
        assertThat(dns.queries()).hasSize(2);
    }

    @Test
    void answersANullMxAsRfc7505Says() throws Exception {
        dns.nullMx("nomail.test");

        assertThat(ask("nomail.test.", Type.MX).getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("0 ."));
    }
}

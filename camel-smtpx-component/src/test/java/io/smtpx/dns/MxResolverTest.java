package io.smtpx.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpx.test.LoopbackDnsServer;

import static org.assertj.core.api.Assertions.assertThat;

/** MX resolution against a real DNS server on loopback, never the system resolver. */
class MxResolverTest {

    private LoopbackDnsServer dns;

    @BeforeEach
    void startDns() throws Exception {
        dns = LoopbackDnsServer.start();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private MxResolver resolver(Duration timeout) {
        return new MxResolver(DnsSettings.parse(dns.address(), timeout));
    }

    private MxResolver resolver() {
        return resolver(Duration.ofSeconds(2));
    }

    private static List<String> names(MxResolution resolution) {
        return resolution.hosts().stream().map(MxHost::name).toList();
    }

    @Test
    void ordersMxHostsByPreferenceWithIpv4ThenIpv6AddressesOfEach() throws Exception {
        dns.mx("example.test", 20, "backup.example.test").mx("example.test", 10, "primary.example.test")
                .a("primary.example.test", "127.0.0.2").aaaa("primary.example.test", "::1")
                .a("backup.example.test", "127.0.0.3");

        MxResolution resolution = resolver().resolve("example.test");

        assertThat(resolution.isResolved()).isTrue();
        assertThat(resolution.implicit()).isFalse();
        assertThat(names(resolution)).containsExactly("primary.example.test", "backup.example.test");
        assertThat(resolution.hosts().get(0).preference()).isEqualTo(10);
        assertThat(resolution.hosts().get(0).addresses()).containsExactly(InetAddress.getByName("127.0.0.2"),
                InetAddress.getByName("::1"));
        assertThat(resolution.hosts().get(1).addresses()).containsExactly(InetAddress.getByName("127.0.0.3"));
    }

    @Test
    void shufflesMxHostsOfEqualPreferenceButKeepsPreferenceOrder() {
        dns.mx("spread.test", 10, "a.spread.test").mx("spread.test", 10, "b.spread.test")
                .mx("spread.test", 10, "c.spread.test").mx("spread.test", 50, "last.spread.test")
                .a("a.spread.test", "127.0.0.2").a("b.spread.test", "127.0.0.3").a("c.spread.test", "127.0.0.4")
                .a("last.spread.test", "127.0.0.5");
        DnsClient client = new DnsClient(DnsClient.resolverFor(DnsSettings.parse(dns.address(),
                Duration.ofSeconds(2))), new DnsCache());
        MxResolver resolver = new MxResolver(client, new Random(42));

        Set<String> firstChoices = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            List<String> order = names(resolver.resolve("spread.test"));
            assertThat(order).hasSize(4).endsWith("last.spread.test");
            firstChoices.add(order.get(0));
        }

        assertThat(firstChoices).containsExactlyInAnyOrder("a.spread.test", "b.spread.test", "c.spread.test");
    }

    @Test
    void usesTheDomainsOwnAddressWhenItHasNoMx() throws Exception {
        dns.a("plain.test", "127.0.0.6");

        MxResolution resolution = resolver().resolve("plain.test");

        assertThat(resolution.implicit()).isTrue();
        assertThat(names(resolution)).containsExactly("plain.test");
        assertThat(resolution.hosts().get(0).preference()).isZero();
        assertThat(resolution.hosts().get(0).addresses()).containsExactly(InetAddress.getByName("127.0.0.6"));
    }

    @Test
    void nullMxIsAPermanentFailureWithoutAddressLookups() {
        dns.nullMx("nomail.test").a("nomail.test", "127.0.0.7");

        MxResolution resolution = resolver().resolve("nomail.test");

        assertThat(resolution.isResolved()).isFalse();
        assertThat(resolution.failure().kind()).isEqualTo(DnsFailure.Kind.NULL_MX);
        assertThat(resolution.failure().reply().code()).isEqualTo(556);
        assertThat(resolution.failure().reply().enhancedStatus()).isEqualTo("5.1.10");
        assertThat(dns.queryCount("nomail.test", "A")).isZero();
    }

    @Test
    void nonexistentDomainIsPermanent() {
        MxResolution resolution = resolver().resolve("nowhere.test");

        assertThat(resolution.failure().kind()).isEqualTo(DnsFailure.Kind.NO_SUCH_DOMAIN);
        assertThat(resolution.failure().reply().code()).isEqualTo(550);
        assertThat(resolution.failure().reply().enhancedStatus()).isEqualTo("5.1.2");
    }

    @Test
    void serverFailureIsTransient() {
        dns.serverFailure("broken.test");

        MxResolution resolution = resolver().resolve("broken.test");

        assertThat(resolution.failure().kind()).isEqualTo(DnsFailure.Kind.TEMPORARY);
        assertThat(resolution.failure().reply().code()).isEqualTo(451);
        assertThat(resolution.failure().reply().enhancedStatus()).isEqualTo("4.4.3");
        assertThat(resolution.failure().reply().text()).contains("SERVFAIL");
    }

    @Test
    void unansweredQueryIsTransientAfterTheTimeout() {
        dns.silent("slow.test");

        long start = System.nanoTime();
        MxResolution resolution = resolver(Duration.ofMillis(200)).resolve("slow.test");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(resolution.failure().kind()).isEqualTo(DnsFailure.Kind.TEMPORARY);
        assertThat(resolution.failure().reply().enhancedStatus()).isEqualTo("4.4.3");
        assertThat(took).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void skipsAnMxHostWithoutAddressAndUsesTheNext() {
        dns.mx("halfbroken.test", 10, "ghost.halfbroken.test").mx("halfbroken.test", 20, "mx.halfbroken.test")
                .exists("ghost.halfbroken.test").a("mx.halfbroken.test", "127.0.0.3");

        MxResolution resolution = resolver().resolve("halfbroken.test");

        assertThat(names(resolution)).containsExactly("mx.halfbroken.test");
        assertThat(resolution.notes()).anyMatch(n -> n.contains("ghost.halfbroken.test") && n.contains("no A or AAAA"));
    }

    @Test
    void mxHostsWithoutAnyAddressAreAPermanentRoutingFailure() {
        dns.mx("dangling.test", 10, "gone.dangling.test").mx("dangling.test", 20, "also-gone.elsewhere.test");

        MxResolution resolution = resolver().resolve("dangling.test");

        assertThat(resolution.failure().kind()).isEqualTo(DnsFailure.Kind.NO_ROUTE);
        assertThat(resolution.failure().reply().enhancedStatus()).isEqualTo("5.4.4");
    }

    @Test
    void mxHostWhoseAddressLookupFailsIsATransientFailureWhenNoOtherIsUsable() {
        dns.mx("flaky.test", 10, "mx.flaky.test").serverFailure("mx.flaky.test");

        MxResolution resolution = resolver().resolve("flaky.test");

        assertThat(resolution.failure().kind()).isEqualTo(DnsFailure.Kind.TEMPORARY);
        assertThat(resolution.failure().reply().enhancedStatus()).isEqualTo("4.4.3");
    }

    @Test
    void cachesAnswersSoThatRepeatedLookupsOfADomainCostOneQueryEach() {
        dns.mx("cached.test", 10, "mx.cached.test").a("mx.cached.test", "127.0.0.2");
        MxResolver resolver = resolver();

        for (int i = 0; i < 5; i++) {
            assertThat(resolver.resolve("cached.test").isResolved()).isTrue();
            assertThat(resolver.resolve("nowhere.test").isResolved()).isFalse();
        }

        assertThat(dns.queryCount("cached.test", "MX")).isEqualTo(1);
        assertThat(dns.queryCount("mx.cached.test", "A")).isEqualTo(1);
        assertThat(dns.queryCount("mx.cached.test", "AAAA")).isEqualTo(1);
        assertThat(dns.queryCount("nowhere.test", "MX")).isEqualTo(1);
    }

    @Test
    void asksAgainOverTcpWhenTheUdpAnswerIsTruncated() throws Exception {
        dns.truncateUdp(true).mx("big.test", 10, "mx.big.test").a("mx.big.test", "127.0.0.2");

        MxResolution resolution = resolver().resolve("big.test");

        assertThat(names(resolution)).containsExactly("mx.big.test");
        assertThat(dns.queries()).anyMatch(q -> q.name().equals("big.test.") && q.type().equals("MX") && q.tcp())
                .anyMatch(q -> q.name().equals("big.test.") && q.type().equals("MX") && !q.tcp());
    }

    @Test
    void deliversToAnAddressLiteralWithoutDns() throws Exception {
        MxResolution resolution = resolver().resolve("[127.0.0.2]");

        assertThat(resolution.hosts()).singleElement().satisfies(h ->
                assertThat(h.addresses()).containsExactly(InetAddress.getByName("127.0.0.2")));
        assertThat(dns.queries()).isEmpty();
    }
}

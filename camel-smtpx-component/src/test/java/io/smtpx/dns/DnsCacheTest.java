package io.smtpx.dns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

class DnsCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final DnsCache cache = new DnsCache(new DnsCache.Limits(2, Duration.ofHours(1), Duration.ofMinutes(10),
            Duration.ofSeconds(30)), now::get);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void keepsAnAnswerForItsTtlButNeverLongerThanTheCap() throws Exception {
        Name shortLived = Name.fromString("short.test.");
        Name longLived = Name.fromString("long.test.");
        cache.put(shortLived, Type.MX, DnsAnswer.found(List.of()), 60);
        cache.put(longLived, Type.MX, DnsAnswer.found(List.of()), 7 * 24 * 3600);

        advance(Duration.ofSeconds(59));
        assertThat(cache.get(shortLived, Type.MX)).isNotNull();
        advance(Duration.ofSeconds(1));
        assertThat(cache.get(shortLived, Type.MX)).isNull();
        advance(Duration.ofMinutes(59));
        assertThat(cache.get(longLived, Type.MX)).isNull();
    }

    @Test
    void boundsNegativeAnswersAndKeepsFailuresOnlyBriefly() throws Exception {
        Name missing = Name.fromString("missing.test.");
        Name broken = Name.fromString("broken.test.");
        Name noSoa = Name.fromString("nosoa.test.");
        cache.put(missing, Type.MX, DnsAnswer.noSuchDomain(), 86400);
        cache.put(broken, Type.MX, DnsAnswer.failed("SERVFAIL"), 0);

        advance(Duration.ofSeconds(30));
        assertThat(cache.get(broken, Type.MX)).isNull();
        assertThat(cache.get(missing, Type.MX)).isNotNull();
        advance(Duration.ofMinutes(10));
        assertThat(cache.get(missing, Type.MX)).isNull();

        cache.put(noSoa, Type.MX, DnsAnswer.noData(), -1);
        assertThat(cache.get(noSoa, Type.MX)).as("no SOA, no negative caching (RFC 2308)").isNull();
    }

    @Test
    void dropsTheLeastRecentlyUsedEntryBeyondItsSize() throws Exception {
        Name a = Name.fromString("a.test.");
        Name b = Name.fromString("b.test.");
        Name c = Name.fromString("c.test.");
        cache.put(a, Type.A, DnsAnswer.noData(), 300);
        cache.put(b, Type.A, DnsAnswer.noData(), 300);
        cache.get(a, Type.A);
        cache.put(c, Type.A, DnsAnswer.noData(), 300);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(b, Type.A)).isNull();
        assertThat(cache.get(a, Type.A)).isNotNull();
    }
}

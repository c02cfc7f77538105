package io.smtpx.dns;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Answers kept for as long as DNS says they may be, within bounds: positive answers for their records' smallest TTL,
 * negative ones (NXDOMAIN, NODATA) for the SOA's negative TTL (RFC 2308), failures (SERVFAIL, timeout) briefly, so
 * that a batch of messages to one domain costs one lookup and a dead DNS server is not asked once per message. Every
 * lifetime is capped, and the cache holds a bounded number of entries, dropping the least recently used. Thread-safe.
 */
final class DnsCache {

    /** The bounds of a cache: entries, and the longest each kind of answer is kept. */
    record Limits(int maxEntries, Duration maxPositiveTtl, Duration maxNegativeTtl, Duration failureTtl) {

        /**
         * 10,000 entries; positive answers at most a day, negative ones at most an hour (RFC 2308 suggests one to
         * three hours), failures 30 seconds (RFC 2308 section 7 allows up to five minutes).
         */
        static final Limits DEFAULTS = new Limits(10_000, Duration.ofDays(1), Duration.ofHours(1),
                Duration.ofSeconds(30));
    }

    private record Key(Name name, int type) {
    }

    private record Entry(DnsAnswer answer, long expiresAtNanos) {
    }

    private final Limits limits;
    private final LongSupplier nanoClock;
    private final Map<Key, Entry> entries;

    DnsCache(Limits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > limits.maxEntries();
            }
        };
    }

    DnsCache() {
        this(Limits.DEFAULTS, System::nanoTime);
    }

    /** The answer still fresh for this name and type, or null. */
    synchronized DnsAnswer get(Name name, int type) {
        Key key = new Key(name, type);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (nanoClock.getAsLong() - entry.expiresAtNanos() >= 0) {
            entries.remove(key);
            return null;
        }
        return entry.answer();
    }

    /**
     * Keeps an answer for {@code ttlSeconds} as DNS gave it (for a negative answer: the SOA's negative TTL, or -1 when
     * the answer had no SOA and so must not be cached), capped by the limits.
     */
    synchronized void put(Name name, int type, DnsAnswer answer, long ttlSeconds) {
        Duration lifetime = switch (answer.status()) {
            case FOUND -> cap(ttlSeconds, limits.maxPositiveTtl());
            case NO_DATA, NO_SUCH_DOMAIN -> cap(ttlSeconds, limits.maxNegativeTtl());
            case FAILED -> limits.failureTtl();
        };
        if (lifetime.isZero() || lifetime.isNegative()) {
            return;
        }
        entries.put(new Key(name, type), new Entry(answer, nanoClock.getAsLong() + lifetime.toNanos()));
    }

    private static Duration cap(long ttlSeconds, Duration max) {
        if (ttlSeconds <= 0) {
            return Duration.ZERO;
        }
        Duration ttl = Duration.ofSeconds(ttlSeconds);
        return ttl.compareTo(max) > 0 ? max : ttl;
    }

    synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized String toString() {
        return "DnsCache[" + entries.size() + " entries, e.g. " + entries.keySet().stream().limit(3)
                .map(k -> k.name() + "/" + Type.string(k.type())).toList() + "]";
    }
}

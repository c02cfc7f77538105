package io.smtpx.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Asks recursive DNS servers one question at a time through dnsjava and sorts the answer into a {@link DnsAnswer},
 * through a {@link DnsCache}. UDP first; a truncated answer is asked again over TCP (dnsjava's SimpleResolver does
 * that unless told to ignore truncation, which this client never does).
 */
final class DnsClient {

    /** Each server is asked this many times before the next one is (dnsjava's ExtendedResolver). */
    private static final int TRIES_PER_SERVER = 2;

    private final Resolver resolver;
    private final DnsCache cache;

    DnsClient(Resolver resolver, DnsCache cache) {
        this.resolver = resolver;
        this.cache = cache;
    }

    /** A resolver asking the servers of {@code settings} in turn, each with the settings' timeout. */
    static Resolver resolverFor(DnsSettings settings) {
        List<InetSocketAddress> servers = settings.servers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers() : resolve(settings.servers());
        if (servers.isEmpty()) {
            throw new IllegalStateException("No DNS server configured on this machine; set dnsServers");
        }
        List<Resolver> resolvers = new ArrayList<>(servers.size());
        for (InetSocketAddress server : servers) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(settings.timeout());
            simple.setTCP(false);
            simple.setIgnoreTruncation(false);
            resolvers.add(simple);
        }
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setRetries(TRIES_PER_SERVER);
        // the whole question's deadline: every try on every server, plus a margin for the TCP retry of a truncation
        extended.setTimeout(settings.timeout().multipliedBy((long) TRIES_PER_SERVER * servers.size() + 1));
        return extended;
    }

    private static List<InetSocketAddress> resolve(List<InetSocketAddress> servers) {
        List<InetSocketAddress> resolved = new ArrayList<>(servers.size());
        for (InetSocketAddress server : servers) {
            InetSocketAddress address = new InetSocketAddress(server.getHostString(), server.getPort());
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("Unknown DNS server host '" + server.getHostString() + "'");
            }
            resolved.add(address);
        }
        return resolved;
    }

    DnsAnswer query(Name name, int type) {
        DnsAnswer cached = cache.get(name, type);
        if (cached != null) {
            return cached;
        }
        DnsAnswer answer;
        long ttl = 0;
        try {
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            int rcode = response.getRcode();
            if (rcode == Rcode.NOERROR) {
                List<Record> records = new ArrayList<>();
                ttl = Long.MAX_VALUE;
                for (Record record : response.getSection(Section.ANSWER)) {
                    if (record.getType() == type) {
                        records.add(record);
                        ttl = Math.min(ttl, record.getTTL());
                    }
                }
                if (records.isEmpty()) {
                    answer = DnsAnswer.noData();
                    ttl = negativeTtl(response);
                } else {
                    answer = DnsAnswer.found(records);
                }
            } else if (rcode == Rcode.NXDOMAIN) {
                answer = DnsAnswer.noSuchDomain();
                ttl = negativeTtl(response);
            } else {
                answer = DnsAnswer.failed("DNS server answered " + Rcode.string(rcode));
            }
        } catch (IOException e) {
            answer = DnsAnswer.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        cache.put(name, type, answer, ttl);
        return answer;
    }

    /** RFC 2308 section 5: the smaller of the SOA record's TTL and its MINIMUM field; -1 (do not cache) without SOA. */
    private static long negativeTtl(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return Math.min(soa.getTTL(), soa.getMinimum());
            }
        }
        return -1;
    }
}

package io.smtpx.dns;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where mail for a domain goes (RFC 5321 section 5.1): its MX hosts by preference, equal preferences in random
 * order so that load spreads as the domain intends, each with its A then AAAA addresses; the domain's own addresses
 * when it has no MX (implicit MX); nothing, with the reason, for a null MX (RFC 7505), a domain that does not exist, or
 * MX hosts none of which has an address. Answers are cached by their TTL (see {@link DnsCache}), so a batch of messages
 * to one domain costs one lookup. Thread-safe.
 */
public final class MxResolver {

    private final DnsClient client;
    private final Random random;

    /** A resolver asking the servers of {@code settings}, with a cache of its own. */
    public MxResolver(DnsSettings settings) {
        this(new DnsClient(DnsClient.resolverFor(settings), new DnsCache()), new Random());
    }

    MxResolver(DnsClient client, Random random) {
        this.client = client;
        this.random = random;
    }

    /** Where mail for {@code domain} goes; never throws for anything DNS answers or fails to answer. */
    public MxResolution resolve(String domain) {
        List<String> notes = new ArrayList<>();
        if (domain.startsWith("[") && domain.endsWith("]")) {
            return addressLiteral(domain, notes);
        }
        Name name;
        try {
            name = Name.fromString(IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT), Name.root);
        } catch (TextParseException | IllegalArgumentException e) {
            return MxResolution.failed(domain, DnsFailure.Kind.NO_SUCH_DOMAIN, "not a valid domain name", notes);
        }
        DnsAnswer mx = client.query(name, Type.MX);
        return switch (mx.status()) {
            case FAILED -> MxResolution.failed(domain, DnsFailure.Kind.TEMPORARY, "MX lookup: " + mx.problem(), notes);
            case NO_SUCH_DOMAIN -> MxResolution.failed(domain, DnsFailure.Kind.NO_SUCH_DOMAIN, "NXDOMAIN", notes);
            case NO_DATA -> implicitMx(domain, name, notes);
            case FOUND -> mxHosts(domain, mx.records(), notes);
        };
    }

    /** No MX record: the domain itself is the mail host, with preference 0 (RFC 5321 section 5.1). */
    private MxResolution implicitMx(String domain, Name name, List<String> notes) {
        notes.add(domain + " has no MX record; trying its own address (implicit MX)");
        Addresses addresses = addresses(name);
        if (!addresses.found().isEmpty()) {
            return MxResolution.of(domain, List.of(new MxHost(hostName(name), 0, addresses.found())), true, notes);
        }
        if (addresses.temporaryProblem() != null) {
            return MxResolution.failed(domain, DnsFailure.Kind.TEMPORARY,
                    "no MX, and the address lookup failed: " + addresses.temporaryProblem(), notes);
        }
        return MxResolution.failed(domain, DnsFailure.Kind.NO_ROUTE, "no MX record and no A or AAAA record", notes);
    }

    private MxResolution mxHosts(String domain, List<Record> records, List<String> notes) {
        List<MXRecord> mxRecords = new ArrayList<>(records.size());
        for (Record record : records) {
            MXRecord mx = (MXRecord) record;
            if (mx.getTarget().equals(Name.root)) {
                notes.add(domain + " has a null MX (\"" + mx.getPriority() + " .\")");
            } else {
                mxRecords.add(mx);
            }
        }
        if (mxRecords.isEmpty()) {
            // RFC 7505 section 4.1: no delivery attempt, a permanent failure
            return MxResolution.failed(domain, DnsFailure.Kind.NULL_MX, "null MX", notes);
        }
        List<MxHost> hosts = new ArrayList<>();
        String temporaryProblem = null;
        for (MXRecord mx : inDeliveryOrder(mxRecords)) {
            Addresses addresses = addresses(mx.getTarget());
            if (!addresses.found().isEmpty()) {
                hosts.add(new MxHost(hostName(mx.getTarget()), mx.getPriority(), addresses.found()));
            } else if (addresses.temporaryProblem() != null) {
                temporaryProblem = addresses.temporaryProblem();
                notes.add("MX " + hostName(mx.getTarget()) + " skipped: its address lookup failed ("
                          + temporaryProblem + ")");
            } else {
                notes.add("MX " + hostName(mx.getTarget()) + " skipped: it has no A or AAAA record");
            }
        }
        if (!hosts.isEmpty()) {
            return MxResolution.of(domain, hosts, false, notes);
        }
        if (temporaryProblem != null) {
            return MxResolution.failed(domain, DnsFailure.Kind.TEMPORARY,
                    "no MX host has a known address; a lookup failed: " + temporaryProblem, notes);
        }
        // RFC 5321 section 5.1: MX records, none usable, must be reported as an error
        return MxResolution.failed(domain, DnsFailure.Kind.NO_ROUTE, "none of its MX hosts has an address", notes);
    }

    /** By preference, lowest first; equal preferences shuffled (RFC 5321 section 5.1); each target once. */
    List<MXRecord> inDeliveryOrder(List<MXRecord> records) {
        Map<Integer, List<MXRecord>> byPreference = new TreeMap<>();
        for (MXRecord record : records) {
            byPreference.computeIfAbsent(record.getPriority(), p -> new ArrayList<>()).add(record);
        }
        Map<Name, MXRecord> ordered = new LinkedHashMap<>();
        for (List<MXRecord> equal : byPreference.values()) {
            Collections.shuffle(equal, random);
            for (MXRecord record : equal) {
                ordered.putIfAbsent(record.getTarget(), record);
            }
        }
        return new ArrayList<>(ordered.values());
    }

    private record Addresses(List<InetAddress> found, String temporaryProblem) {
    }

    /** A records, then AAAA. A lookup that failed only matters when the other one found nothing. */
    private Addresses addresses(Name host) {
        List<InetAddress> found = new ArrayList<>();
        String problem = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            DnsAnswer answer = client.query(host, type);
            switch (answer.status()) {
                case FOUND -> {
                    for (Record record : answer.records()) {
                        found.add(type == Type.A ? ((ARecord) record).getAddress()
                                : ((AAAARecord) record).getAddress());
                    }
                }
                case FAILED -> problem = Type.string(type) + " " + hostName(host) + ": " + answer.problem();
                default -> {
                    // NXDOMAIN or NODATA: nothing of this type
                }
            }
        }
        return new Addresses(found, problem);
    }

    /** RFC 5321 address literal: [192.0.2.1] or [IPv6:2001:db8::1]; delivered to without DNS. */
    private static MxResolution addressLiteral(String domain, List<String> notes) {
        String literal = domain.substring(1, domain.length() - 1);
        boolean numeric;
        if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) {
            literal = literal.substring(5);
            // with a colon, InetAddress parses an IPv6 literal and never asks DNS
            numeric = literal.indexOf(':') >= 0 && literal.chars().allMatch(c -> Character.digit(c, 16) >= 0
                                                                                 || c == '.' || c == ':');
        } else {
            numeric = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        }
        if (numeric) {
            try {
                // a numeric literal: parsed, never looked up
                InetAddress address = InetAddress.getByName(literal);
                return MxResolution.of(domain, List.of(new MxHost(literal, 0, List.of(address))), true, notes);
            } catch (UnknownHostException e) {
                // falls through to the failure below
            }
        }
        return MxResolution.failed(domain, DnsFailure.Kind.NO_SUCH_DOMAIN, "malformed address literal", notes);
    }

    private static String hostName(Name name) {
        return name.toString(true);
    }
}

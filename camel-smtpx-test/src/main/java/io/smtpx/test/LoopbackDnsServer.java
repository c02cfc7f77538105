package io.smtpx.test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative-style DNS server for tests, answering on 127.0.0.1 over UDP and TCP on one port, from records
 * the test sets up. Built on dnsjava's message classes; nothing leaves the loopback interface.
 *
 * <pre>{@code
 * try (LoopbackDnsServer dns = LoopbackDnsServer.start()) {
 *     dns.mx("example.test", 10, "mx1.example.test").a("mx1.example.test", "127.0.0.2");
 *     dns.nullMx("nomail.test").serverFailure("broken.test");
 *     // point the resolver under test at dns.address(), e.g. smtpx:direct?dnsServers=127.0.0.1:5353
 * }
 * }</pre>
 *
 * <p>Answers: the records set up for a name and type (NOERROR); NODATA (NOERROR, no answer, SOA in the authority
 * section) for a name that has other records or was declared with {@link #exists}; NXDOMAIN with SOA for any other
 * name (and for one {@link #nxdomain forgotten}); SERVFAIL for names declared with {@link #serverFailure}, always or
 * for the first few queries only; no answer at all for names declared with {@link #silent} (the client times out).
 * Answers can be changed between attempts: what is set up applies to the next query. With {@link #truncateUdp} every UDP answer is truncated (TC flag, no
 * records) so that clients must ask again over TCP. Every query is logged ({@link #queries()}). Thread-safe.
 */
public final class LoopbackDnsServer implements AutoCloseable {

    /** One question the server was asked. */
    public record Query(String name, String type, boolean tcp) {
    }

    private static final long DEFAULT_TTL = 300;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> existing = ConcurrentHashMap.newKeySet();
    private final Set<Name> failing = ConcurrentHashMap.newKeySet();
    private final Map<Name, AtomicInteger> failingFor = new ConcurrentHashMap<>();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private volatile boolean truncateUdp;
    private volatile long ttl = DEFAULT_TTL;
    private volatile long negativeTtl = DEFAULT_TTL;
    private volatile boolean closed;

    private LoopbackDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Starts a server on 127.0.0.1, UDP and TCP on the same free port. */
    public static LoopbackDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
                LoopbackDnsServer server = new LoopbackDnsServer(udp, tcp);
                server.startThreads();
                return server;
            } catch (BindException e) {
                // the TCP port of the same number was taken: try another one
                udp.close();
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    /** The port, the same for UDP and TCP. */
    public int port() {
        return udp.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, the form resolvers' server lists take. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The TTL of records added from now on (seconds; default 300). */
    public LoopbackDnsServer ttl(long seconds) {
        this.ttl = seconds;
        return this;
    }

    /** The negative TTL (the SOA's TTL and MINIMUM) of NXDOMAIN and NODATA answers (seconds; default 300). */
    public LoopbackDnsServer negativeTtl(long seconds) {
        this.negativeTtl = seconds;
        return this;
    }

    /** An MX record: mail for {@code domain} goes to {@code host}, lower preferences first. */
    public LoopbackDnsServer mx(String domain, int preference, String host) {
        return add(new MXRecord(name(domain), DClass.IN, ttl, preference, name(host)));
    }

    /** A null MX ({@code 0 .}, RFC 7505): the domain accepts no mail. */
    public LoopbackDnsServer nullMx(String domain) {
        return add(new MXRecord(name(domain), DClass.IN, ttl, 0, Name.root));
    }

    /** A records: the IPv4 addresses (literals such as 127.0.0.2) of {@code host}. */
    public LoopbackDnsServer a(String host, String... addresses) {
        for (String address : addresses) {
            add(new ARecord(name(host), DClass.IN, ttl, literal(address)));
        }
        return this;
    }

    /** AAAA records: the IPv6 addresses (literals such as ::1) of {@code host}. */
    public LoopbackDnsServer aaaa(String host, String... addresses) {
        for (String address : addresses) {
            add(new AAAARecord(name(host), DClass.IN, ttl, literal(address)));
        }
        return this;
    }

    /**
     * Declares a name that exists without records of its own: every query for it gets NODATA (NOERROR and no answer),
     * e.g. a domain with neither MX nor A records.
     */
    public LoopbackDnsServer exists(String name) {
        existing.add(name(name));
        return this;
    }

    /** Every query for this name gets SERVFAIL. */
    public LoopbackDnsServer serverFailure(String name) {
        failing.add(name(name));
        return this;
    }

    /**
     * The first {@code times} queries for this name (of any type) get SERVFAIL, the ones after them the records set
     * up: a DNS failure that a retry gets past.
     */
    public LoopbackDnsServer serverFailure(String name, int times) {
        failingFor.put(name(name), new AtomicInteger(times));
        return this;
    }

    /** Forgets everything set up for this name, so that it gets NXDOMAIN from now on: a domain that went away. */
    public LoopbackDnsServer nxdomain(String name) {
        Name forgotten = name(name);
        records.remove(forgotten);
        existing.remove(forgotten);
        failing.remove(forgotten);
        failingFor.remove(forgotten);
        silent.remove(forgotten);
        return this;
    }

    /** Forgets every record and every name set up, and the query log: every name gets NXDOMAIN again. */
    public LoopbackDnsServer clear() {
        records.clear();
        existing.clear();
        failing.clear();
        failingFor.clear();
        silent.clear();
        queries.clear();
        return this;
    }

    /** Queries for this name get no answer at all, so the client times out. */
    public LoopbackDnsServer silent(String name) {
        silent.add(name(name));
        return this;
    }

    /** Truncate every UDP answer (TC flag, no records), so that clients ask again over TCP. */
    public LoopbackDnsServer truncateUdp(boolean truncate) {
        this.truncateUdp = truncate;
        return this;
    }

    /** Every query received so far, in order. */
    public List<Query> queries() {
        return List.copyOf(queries);
    }

    /** How many times {@code name} was asked for records of {@code type} ("MX", "A", "AAAA"). */
    public long queryCount(String name, String type) {
        String wanted = name(name).toString();
        return queries.stream().filter(q -> q.name().equalsIgnoreCase(wanted) && q.type().equals(type)).count();
    }

    /** Forgets the queries received so far (not the records). */
    public void clearQueries() {
        queries.clear();
    }

    private LoopbackDnsServer add(Record record) {
        records.computeIfAbsent(record.getName(), n -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    private static Name name(String name) {
        try {
            return Name.fromString(name.toLowerCase(java.util.Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("Bad DNS name " + name, e);
        }
    }

    private static InetAddress literal(String address) {
        try {
            // test data are IP literals, which InetAddress parses without any lookup
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not an IP address: " + address, e);
        }
    }

    private void startThreads() {
        Thread udpThread = new Thread(this::serveUdp, "loopback-dns-udp-" + port());
        udpThread.setDaemon(true);
        udpThread.start();
        Thread tcpThread = new Thread(this::acceptTcp, "loopback-dns-tcp-" + port());
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] answer = answer(query, false);
                if (answer != null) {
                    udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                Thread connection = new Thread(() -> serveTcp(socket), "loopback-dns-tcp-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** DNS over TCP: each message prefixed by its length in two bytes (RFC 1035 section 4.2.2). */
    private void serveTcp(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (!closed) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(query, true);
                if (answer != null) {
                    out.writeShort(answer.length);
                    out.write(answer);
                    out.flush();
                }
            }
        } catch (EOFException | SocketException e) {
            // the client closed the connection
        } catch (IOException e) {
            // a broken test client; nothing to answer
        }
    }

    /** The wire answer to a wire query, or null to stay silent. */
    private byte[] answer(byte[] wire, boolean overTcp) throws IOException {
        Message query = new Message(wire);
        Record question = query.getQuestion();
        if (question == null) {
            return null;
        }
        Name name = question.getName().canonicalize();
        int type = question.getType();
        queries.add(new Query(name.toString(), Type.string(type), overTcp));
        if (silent.contains(name)) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        if (!overTcp && truncateUdp) {
            response.getHeader().setFlag(Flags.TC);
            return response.toWire();
        }
        AtomicInteger failuresLeft = failingFor.get(name);
        if (failing.contains(name) || (failuresLeft != null && failuresLeft.getAndDecrement() > 0)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response.toWire();
        }
        List<Record> all = records.getOrDefault(name, List.of());
        List<Record> matching = new ArrayList<>();
        for (Record record : all) {
            if (record.getType() == type) {
                matching.add(record);
            }
        }
        if (!matching.isEmpty()) {
            matching.forEach(r -> response.addRecord(r, Section.ANSWER));
        } else {
            if (all.isEmpty() && !existing.contains(name)) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            response.addRecord(soa(), Section.AUTHORITY);
        }
        return response.toWire();
    }

    private SOARecord soa() {
        return new SOARecord(Name.root, DClass.IN, negativeTtl, name("ns.test"), name("hostmaster.test"), 1, 3600,
                600, 86400, negativeTtl);
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

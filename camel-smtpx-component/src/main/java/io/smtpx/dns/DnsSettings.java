package io.smtpx.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which DNS servers to ask and how long to wait for them.
 *
 * @param servers the recursive resolvers to ask, in order; empty for the ones this machine is configured with
 * @param timeout how long to wait for one server's answer before trying the next one
 */
public record DnsSettings(List<InetSocketAddress> servers, Duration timeout) {

    /** The port DNS servers listen on unless told otherwise. */
    public static final int DNS_PORT = 53;

    public DnsSettings {
        servers = servers == null ? List.of() : List.copyOf(servers);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The DNS timeout must be positive: " + timeout);
        }
    }

    /** The system's resolvers, with {@code timeout}. */
    public static DnsSettings system(Duration timeout) {
        return new DnsSettings(List.of(), timeout);
    }

    /**
     * Parses a comma separated list of {@code host[:port]} entries: {@code 10.0.0.53}, {@code 127.0.0.1:5353},
     * {@code [2001:db8::53]:53} or a bare IPv6 address. Blank or null means the system's resolvers.
     */
    public static DnsSettings parse(String servers, Duration timeout) {
        List<InetSocketAddress> parsed = new ArrayList<>();
        if (servers != null) {
            for (String entry : servers.split(",")) {
                String server = entry.strip();
                if (!server.isEmpty()) {
                    parsed.add(parseServer(server));
                }
            }
        }
        return new DnsSettings(parsed, timeout);
    }

    private static InetSocketAddress parseServer(String server) {
        String host = server;
        int port = DNS_PORT;
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("Malformed DNS server '" + server + "': missing ']'");
            }
            host = server.substring(1, close);
            if (close + 1 < server.length()) {
                if (server.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("Malformed DNS server '" + server + "'");
                }
                port = port(server, server.substring(close + 2));
            }
        } else if (server.indexOf(':') >= 0 && server.indexOf(':') == server.lastIndexOf(':')) {
            // one colon: host:port; more than one: a bare IPv6 address
            int colon = server.indexOf(':');
            host = server.substring(0, colon);
            port = port(server, server.substring(colon + 1));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("Malformed DNS server '" + server + "': no host");
        }
        // unresolved: the name (normally an IP literal) is looked up when the resolver is built
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static int port(String server, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Malformed DNS server '" + server + "': bad port '" + text + "'");
        }
    }
}

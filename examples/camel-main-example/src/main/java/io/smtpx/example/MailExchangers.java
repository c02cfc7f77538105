package io.smtpx.example;

import java.io.IOException;

import io.smtpx.test.LoopbackDnsServer;
import io.smtpx.test.LoopbackMxServer;

/**
 * A small internet on loopback for the direct-MX route: a DNS server and two MX hosts, on 127.0.0.2 and 127.0.0.3
 * (all of 127.0.0.0/8 is this machine's), from the camel-smtpx-test kit.
 *
 * <ul>
 * <li>shop.test: MX 10 mx1.shop.test (127.0.0.2, nothing listens: the first MX is down), MX 20 mx2.shop.test
 * (127.0.0.3, accepts);</li>
 * <li>plain.test: no MX, only an A record (127.0.0.3): the domain's own address is its mail exchanger;</li>
 * <li>nomail.test: a null MX (RFC 7505): it accepts no mail, and nothing is even tried;</li>
 * <li>anything else: NXDOMAIN.</li>
 * </ul>
 */
final class MailExchangers implements AutoCloseable {

    private static final String MX_DOWN = "127.0.0.2";
    private static final String MX_UP = "127.0.0.3";

    private final LoopbackDnsServer dns;
    private final LoopbackMxServer mx;
    private final int port;

    private MailExchangers(LoopbackDnsServer dns, LoopbackMxServer mx, int port) {
        this.dns = dns;
        this.mx = mx;
        this.port = port;
    }

    static MailExchangers start() throws IOException {
        int port = LoopbackMxServer.freePort(MX_DOWN, MX_UP);
        LoopbackDnsServer dns = LoopbackDnsServer.start()
                .mx("shop.test", 10, "mx1.shop.test").a("mx1.shop.test", MX_DOWN)
                .mx("shop.test", 20, "mx2.shop.test").a("mx2.shop.test", MX_UP)
                .a("plain.test", MX_UP)
                .nullMx("nomail.test");
        LoopbackMxServer mx = LoopbackMxServer.on(MX_UP, port).start();
        return new MailExchangers(dns, mx, port);
    }

    /** host:port of the DNS server, for the dnsServers option. */
    String dnsServer() {
        return dns.address();
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        mx.close();
        dns.close();
    }
}

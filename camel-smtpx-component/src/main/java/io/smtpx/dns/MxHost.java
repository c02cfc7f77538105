package io.smtpx.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * One mail exchanger of a domain, ready to connect to.
 *
 * @param name       its host name, without the trailing dot (TLS checks the certificate against it)
 * @param preference its MX preference, lower first; 0 for an implicit MX
 * @param addresses  its addresses in the order to try them: IPv4 (A), then IPv6 (AAAA)
 */
public record MxHost(String name, int preference, List<InetAddress> addresses) {

    public MxHost {
        addresses = List.copyOf(addresses);
    }
}

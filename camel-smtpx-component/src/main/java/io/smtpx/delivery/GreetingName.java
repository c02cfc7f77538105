package io.smtpx.delivery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The name a client gives in EHLO when none is configured. RFC 5321 asks for a fully qualified domain name or, failing
 * one, an address literal; servers enforce it (Postfix's reject_non_fqdn_helo_hostname answers a bare "myhost" with
 * 504 5.5.2), and a container's host name is rarely qualified.
 */
public final class GreetingName {

    private GreetingName() {
    }

    /** This machine's name when it is fully qualified, else its address as a literal ("[192.0.2.1]"). */
    public static String ofThisHost() {
        try {
            return of(InetAddress.getLocalHost());
        } catch (UnknownHostException e) {
            return "[127.0.0.1]";
        }
    }

    /** {@code host}'s name when it is fully qualified, else its address as a literal; no name service is asked. */
    static String of(InetAddress host) {
        String name = host.getHostName();
        return isFullyQualified(name, host) ? name : addressLiteral(host);
    }

    private static boolean isFullyQualified(String name, InetAddress host) {
        int dot = name.indexOf('.');
        return dot > 0 && dot < name.length() - 1 && !name.equals(host.getHostAddress())
               && !name.startsWith("localhost.");
    }

    /** RFC 5321 section 4.1.3: "[192.0.2.1]", or "[IPv6:2001:db8::1]" (without a scope). */
    private static String addressLiteral(InetAddress host) {
        String address = host.getHostAddress();
        int scope = address.indexOf('%');
        if (scope >= 0) {
            address = address.substring(0, scope);
        }
        return host instanceof Inet6Address ? "[IPv6:" + address + "]" : "[" + address + "]";
    }
}

package io.smtpx.springboot.health;

import io.smtpx.delivery.Security;

/** One relay as configured: where to connect and how the connection is protected. The port is the effective one. */
public record Relay(String host, int port, Security security) {

    /** The relay of a configuration whose port may be 0 (meaning the default port of its security). */
    public static Relay of(String host, int port, Security security) {
        return new Relay(host, port > 0 ? port : security.defaultPort(), security);
    }

    /** host:port, as the result headers and metrics name a server. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}

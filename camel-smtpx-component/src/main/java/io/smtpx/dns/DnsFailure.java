package io.smtpx.dns;

import io.smtpx.reply.SmtpReply;

/**
 * Why a domain has no mail exchanger to deliver to, and the reply that stands for it, with the RFC 3463 code the
 * classifier knows (DESIGN.md section 4).
 *
 * @param kind   which failure
 * @param domain the recipient domain
 * @param detail what DNS said, for people
 */
public record DnsFailure(Kind kind, String domain, String detail) {

    public enum Kind {
        /** The domain publishes a null MX (RFC 7505): it accepts no mail. 556 5.1.10, permanent. */
        NULL_MX,
        /** The domain does not exist (NXDOMAIN). 550 5.1.2, permanent. */
        NO_SUCH_DOMAIN,
        /**
         * The domain exists but no mail exchanger has an address (no MX and no A/AAAA, or MX hosts without addresses).
         * 550 5.4.4 ("unable to route"), permanent.
         */
        NO_ROUTE,
        /** DNS could not answer now (SERVFAIL, timeout, refused): a later attempt may succeed. 451 4.4.3. */
        TEMPORARY
    }

    /** The local reply for this failure, classified like a server's. */
    public SmtpReply reply() {
        return switch (kind) {
            case NULL_MX -> SmtpReply.local(556, "5.1.10", "Domain " + domain + " accepts no mail (null MX, RFC 7505)");
            case NO_SUCH_DOMAIN -> SmtpReply.local(550, "5.1.2", "Domain " + domain + " does not exist (DNS: "
                                                                 + detail + ")");
            case NO_ROUTE -> SmtpReply.local(550, "5.4.4", "No mail host for " + domain + ": " + detail);
            case TEMPORARY -> SmtpReply.local(451, "4.4.3", "DNS lookup for " + domain + " failed: " + detail);
        };
    }

    public boolean isPermanent() {
        return kind != Kind.TEMPORARY;
    }
}

package io.smtpx.dns;

import java.util.List;

/**
 * Where mail for one domain goes: its mail exchangers in the order to try them, or the {@link DnsFailure} that says
 * why there is none. {@code notes} tell what was passed over on the way (an MX host without an address, a lookup that
 * failed), for the transcript.
 *
 * @param domain   the recipient domain
 * @param hosts    the mail exchangers to try, in order; empty when {@code failure} is set
 * @param implicit true when the domain has no MX and its own address serves as one (RFC 5321 section 5.1)
 * @param failure  why there is nowhere to deliver, or null
 * @param notes    what was skipped and why
 */
public record MxResolution(String domain, List<MxHost> hosts, boolean implicit, DnsFailure failure,
        List<String> notes) {

    public MxResolution {
        hosts = List.copyOf(hosts);
        notes = List.copyOf(notes);
    }

    static MxResolution of(String domain, List<MxHost> hosts, boolean implicit, List<String> notes) {
        return new MxResolution(domain, hosts, implicit, null, notes);
    }

    static MxResolution failed(String domain, DnsFailure.Kind kind, String detail, List<String> notes) {
        return new MxResolution(domain, List.of(), false, new DnsFailure(kind, domain, detail), notes);
    }

    public boolean isResolved() {
        return failure == null;
    }
}

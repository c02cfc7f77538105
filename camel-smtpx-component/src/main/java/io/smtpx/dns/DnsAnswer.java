package io.smtpx.dns;

import java.util.List;

import org.xbill.DNS.Record;

/**
 * What one DNS query for one name and type came back with: records, no records of that type (NODATA), no such name
 * (NXDOMAIN), or no usable answer at all (SERVFAIL, REFUSED, timeout), which is worth asking again later.
 *
 * @param status  which of these it was
 * @param records the records of the type asked for (only for {@link Status#FOUND})
 * @param problem what went wrong, for {@link Status#FAILED}; null otherwise
 */
record DnsAnswer(Status status, List<Record> records, String problem) {

    enum Status {
        FOUND,
        NO_DATA,
        NO_SUCH_DOMAIN,
        FAILED
    }

    DnsAnswer {
        records = records == null ? List.of() : List.copyOf(records);
    }

    static DnsAnswer found(List<Record> records) {
        return new DnsAnswer(Status.FOUND, records, null);
    }

    static DnsAnswer noData() {
        return new DnsAnswer(Status.NO_DATA, List.of(), null);
    }

    static DnsAnswer noSuchDomain() {
        return new DnsAnswer(Status.NO_SUCH_DOMAIN, List.of(), null);
    }

    static DnsAnswer failed(String problem) {
        return new DnsAnswer(Status.FAILED, List.of(), problem);
    }
}

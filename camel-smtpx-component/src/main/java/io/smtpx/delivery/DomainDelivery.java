package io.smtpx.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * How the recipients of one domain were delivered to directly: the MX hosts passed over, in the order tried, and the
 * one whose replies decided the recipients.
 *
 * @param domain     the recipient domain
 * @param recipients its recipients in this message
 * @param passedOver the MX hosts (addresses) tried and left, in order, each with its reason
 * @param answeredBy the host ({@code name[address]:port}) whose RCPT and end-of-data replies decided the recipients;
 *                   null when none got that far (DNS failure, or every host failed)
 */
public record DomainDelivery(String domain, List<String> recipients, List<HostFailure> passedOver,
        String answeredBy) {

    public DomainDelivery {
        recipients = List.copyOf(recipients);
        passedOver = List.copyOf(passedOver);
    }

    /** Every host tried, in order: those passed over, then the one that answered. */
    public List<String> triedHosts() {
        List<String> tried = new ArrayList<>(passedOver.size() + 1);
        for (HostFailure failure : passedOver) {
            tried.add(failure.server());
        }
        if (answeredBy != null) {
            tried.add(answeredBy);
        }
        return tried;
    }
}

package io.smtpx.delivery;

import java.util.Locale;

/**
 * The limits a server announces with the LIMITS extension (RFC 9422), so that a client stays within them instead of
 * learning them from refusals: at most {@code mailMax} transactions per session, {@code rcptMax} recipients per
 * transaction and {@code rcptDomainMax} recipient domains per transaction. Zero means "not announced".
 *
 * @param mailMax       MAILMAX: transactions the server takes in one session; it refuses further MAIL commands
 * @param rcptMax       RCPTMAX: recipients it takes in one transaction; it answers further RCPT commands with 452
 * @param rcptDomainMax RCPTDOMAINMAX: different recipient domains it takes in one transaction
 */
record ServerLimits(int mailMax, int rcptMax, int rcptDomainMax) {

    static final ServerLimits NONE = new ServerLimits(0, 0, 0);

    /**
     * The limits in the parameters of a LIMITS keyword, e.g. {@code MAILMAX=1000 RCPTMAX=50000}. Limits not known here
     * and values that are not a positive number are ignored, as RFC 9422 asks of a client.
     */
    static ServerLimits parse(String parameters) {
        int mailMax = 0;
        int rcptMax = 0;
        int rcptDomainMax = 0;
        for (String limit : parameters.trim().split("\\s+")) {
            int equals = limit.indexOf('=');
            if (equals < 0) {
                continue;
            }
            int value = positive(limit.substring(equals + 1));
            switch (limit.substring(0, equals).toUpperCase(Locale.ROOT)) {
                case "MAILMAX" -> mailMax = value;
                case "RCPTMAX" -> rcptMax = value;
                case "RCPTDOMAINMAX" -> rcptDomainMax = value;
                default -> {
                    // limits registered after RFC 9422, not used here
                }
            }
        }
        return new ServerLimits(mailMax, rcptMax, rcptDomainMax);
    }

    private static int positive(String value) {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Integer.parseInt(value);
    }

    /** True when the server takes a further transaction on a session that has carried {@code transactions}. */
    boolean allowsTransactionAfter(int transactions) {
        return mailMax == 0 || transactions < mailMax;
    }
}

package io.smtpx.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How sessions are kept open between messages.
 *
 * @param maxSessionsPerDestination  open sessions to one server at most (busy and idle together)
 * @param maxMessagesPerSession      transactions per session before it is closed and replaced; 1 turns reuse off
 * @param maxSessionAge              a session this old carries no further message, and is closed and replaced; zero
 *                                   for no limit
 * @param idleTimeout                an idle session is closed after this long
 * @param checkAfterIdle             a session idle this long is checked with NOOP before it is used again
 * @param borrowTimeout              how long a delivery waits for a session when all are busy
 */
public record PoolSettings(int maxSessionsPerDestination, int maxMessagesPerSession, Duration maxSessionAge,
        Duration idleTimeout, Duration checkAfterIdle, Duration borrowTimeout) {

    public PoolSettings {
        if (maxSessionsPerDestination < 1) {
            throw new IllegalArgumentException("maxSessionsPerDestination must be at least 1");
        }
        if (maxMessagesPerSession < 1) {
            throw new IllegalArgumentException("maxMessagesPerSession must be at least 1");
        }
        if (Objects.requireNonNull(maxSessionAge, "maxSessionAge").isNegative()) {
            throw new IllegalArgumentException("maxSessionAge must not be negative");
        }
    }

    /** No reuse: a new session for every message, closed after it (what camel-mail does). */
    public static PoolSettings noReuse() {
        return new PoolSettings(Integer.MAX_VALUE, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(30));
    }

    boolean reuses() {
        return maxMessagesPerSession > 1;
    }

    /** True when a session that has carried {@code transactions} messages in {@code age} carries no more. */
    boolean spent(int transactions, Duration age) {
        return transactions >= maxMessagesPerSession
               || !maxSessionAge.isZero() && transactions > 0 && age.compareTo(maxSessionAge) >= 0;
    }
}

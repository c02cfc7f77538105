package io.smtpx.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When to try a deferred message again: a list of intervals after each attempt, the last one repeating, and the
 * longest a message may wait before it fails for good (RFC 5321 section 4.5.4.1 suggests 4-5 days).
 */
public final class RetrySchedule {

    /** Close to what MTAs do: soon at first (greylisting clears in minutes), then hourly. */
    public static final String DEFAULT_INTERVALS = "1m,5m,15m,30m,1h";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final List<Duration> intervals;
    private final Duration maxAge;

    public RetrySchedule(List<Duration> intervals, Duration maxAge) {
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("A retry schedule needs at least one interval");
        }
        this.intervals = List.copyOf(intervals);
        this.maxAge = maxAge;
    }

    /** Parses "1m,5m,15m,30m,1h" (units ms, s, m, h, d). */
    public static RetrySchedule parse(String intervals, Duration maxAge) {
        List<Duration> parsed = new ArrayList<>();
        for (String part : intervals.split(",")) {
            parsed.add(parseDuration(part.strip()));
        }
        return new RetrySchedule(parsed, maxAge);
    }

    static Duration parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a duration: '" + text + "' (use e.g. 30s, 5m, 1h, 4d)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** True when a message first attempted at {@code firstAttempt} may no longer be retried at {@code now}. */
    public boolean isExpired(Instant firstAttempt, Instant now) {
        return firstAttempt != null && !now.isBefore(firstAttempt.plus(maxAge));
    }

    /**
     * The earliest time for the next attempt after {@code attempts} attempts, never later than the expiry, so the last
     * attempt happens at the deadline rather than never.
     */
    public Instant nextAttempt(int attempts, Instant firstAttempt, Instant now) {
        Duration interval = intervals.get(Math.min(Math.max(attempts, 1), intervals.size()) - 1);
        Instant next = now.plus(interval);
        Instant deadline = firstAttempt.plus(maxAge);
        return next.isAfter(deadline) ? deadline : next;
    }

    public Duration maxAge() {
        return maxAge;
    }
}

package io.smtpx.camel;

/** What to do with a recipient whose outcome is unknown (connection lost after the final dot). */
public enum UncertainOutcome {
    /** Try again: a possible duplicate rather than a possible loss (RFC 5321 section 6.1). */
    RETRY,
    /** Give up and dead-letter it, for messages where a duplicate is worse than a loss. */
    DEAD_LETTER
}

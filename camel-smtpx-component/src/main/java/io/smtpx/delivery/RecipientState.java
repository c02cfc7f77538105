package io.smtpx.delivery;

/** Where one recipient stands after an attempt. */
public enum RecipientState {
    /** The server took responsibility for the message for this recipient. */
    ACCEPTED,
    /** Not delivered yet; a later attempt may succeed. */
    TRANSIENT,
    /** Refused for good; never retried. */
    PERMANENT,
    /**
     * The connection was lost after the final dot and before the reply: the server may or may not have the message.
     * Retried by default, since RFC 5321 section 6.1 prefers a duplicate to a loss.
     */
    UNCERTAIN
}

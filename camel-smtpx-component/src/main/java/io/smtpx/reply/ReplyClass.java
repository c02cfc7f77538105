package io.smtpx.reply;

/**
 * What a reply means for the route: done, try again later, or give up. Taken from the basic code's first digit
 * unless a classification rule knows better.
 */
public enum ReplyClass {
    /** 2xx (and 3xx intermediate replies): accepted. */
    SUCCESS,
    /** 4xx and local transient failures: the same attempt later may succeed. */
    TRANSIENT,
    /** 5xx and local permanent failures: retrying the same message will not help. */
    PERMANENT;

    /** The class a basic reply code stands for by RFC 5321 alone. */
    public static ReplyClass ofCode(int code) {
        int first = code / 100;
        if (first == 2 || first == 3) {
            return SUCCESS;
        }
        if (first == 5) {
            return PERMANENT;
        }
        // 4xx, and anything unparseable or out of range: a garbled reply is more often a network fault than a verdict
        return TRANSIENT;
    }
}

package io.smtpx.reply;

/**
 * The meaning of one reply: its class, the enhanced status the server gave (RFC 3463, e.g. "5.1.1", or null when it
 * gave none), the reason from the taxonomy and a one-line hint on what to do about it.
 */
public record Classification(ReplyClass replyClass, String enhancedStatus, Reason reason, String hint) {

    public boolean isSuccess() {
        return replyClass == ReplyClass.SUCCESS;
    }

    public boolean isTransient() {
        return replyClass == ReplyClass.TRANSIENT;
    }

    public boolean isPermanent() {
        return replyClass == ReplyClass.PERMANENT;
    }
}

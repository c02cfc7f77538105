package io.smtpx.delivery;

import io.smtpx.reply.Classification;
import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * The outcome for one recipient: its state, the reply that decided it and at which stage, what that reply means, the
 * server that gave it, and the server's queue id when the message was accepted and the server said one.
 */
public record RecipientResult(
        String recipient,
        RecipientState state,
        SmtpStage stage,
        SmtpReply reply,
        Classification classification,
        String remoteHost,
        String queueId) {

    public boolean isAccepted() {
        return state == RecipientState.ACCEPTED;
    }

    /** One line for logs and exception messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append('<').append(recipient).append(">: ").append(reply)
                .append(" [").append(stage).append(", ").append(classification.reason());
        if (remoteHost != null) {
            sb.append(", ").append(remoteHost);
        }
        return sb.append(']').toString();
    }
}

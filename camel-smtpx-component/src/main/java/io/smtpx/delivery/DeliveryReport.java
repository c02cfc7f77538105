package io.smtpx.delivery;

import java.util.List;
import java.util.Objects;

import io.smtpx.reply.Classification;
import io.smtpx.reply.ReplyClass;

/**
 * The outcome of one delivery attempt of one message, which every stage of every strategy feeds: a result per
 * recipient (state, stage, reply, classification, server, queue id), and on failure the protocol transcript with
 * credentials redacted. Immutable.
 */
public final class DeliveryReport {

    private final String messageId;
    private final List<RecipientResult> results;
    private final String transcript;
    private final List<DomainDelivery> domains;

    public DeliveryReport(String messageId, List<RecipientResult> results, String transcript) {
        this(messageId, results, transcript, List.of());
    }

    /** A report of direct delivery, which also says, per recipient domain, which MX hosts were tried. */
    public DeliveryReport(String messageId, List<RecipientResult> results, String transcript,
                          List<DomainDelivery> domains) {
        this.messageId = messageId;
        this.results = List.copyOf(results);
        this.transcript = transcript;
        this.domains = List.copyOf(domains);
    }

    /** The Message-ID header of the message, or null. */
    public String messageId() {
        return messageId;
    }

    /** One result per recipient, in envelope order. */
    public List<RecipientResult> results() {
        return results;
    }

    public List<RecipientResult> results(RecipientState state) {
        return results.stream().filter(r -> r.state() == state).toList();
    }

    public List<String> acceptedRecipients() {
        return results.stream().filter(RecipientResult::isAccepted).map(RecipientResult::recipient).toList();
    }

    public List<String> failedRecipients() {
        return results.stream().filter(r -> !r.isAccepted()).map(RecipientResult::recipient).toList();
    }

    /**
     * The class of the whole attempt: SUCCESS when every recipient accepted the message; TRANSIENT when any recipient
     * is worth another attempt (transient or uncertain); PERMANENT when every failure is permanent.
     */
    public ReplyClass replyClass() {
        boolean anyTransient = false;
        boolean anyPermanent = false;
        for (RecipientResult result : results) {
            switch (result.state()) {
                case TRANSIENT, UNCERTAIN -> anyTransient = true;
                case PERMANENT -> anyPermanent = true;
                default -> {
                    // accepted
                }
            }
        }
        if (anyTransient) {
            return ReplyClass.TRANSIENT;
        }
        return anyPermanent ? ReplyClass.PERMANENT : ReplyClass.SUCCESS;
    }

    public boolean isSuccess() {
        return replyClass() == ReplyClass.SUCCESS;
    }

    /**
     * The result that explains the whole outcome: the first recipient of the report's class (for success, the last
     * accepted one, whose reply is the server's verdict on the message).
     */
    public RecipientResult decisive() {
        ReplyClass replyClass = replyClass();
        if (replyClass == ReplyClass.SUCCESS) {
            return results.get(results.size() - 1);
        }
        for (RecipientResult result : results) {
            boolean transientLike = result.state() == RecipientState.TRANSIENT || result.state() == RecipientState.UNCERTAIN;
            if (replyClass == ReplyClass.TRANSIENT ? transientLike : result.state() == RecipientState.PERMANENT) {
                return result;
            }
        }
        throw new IllegalStateException("No result of class " + replyClass); // unreachable: the class came from them
    }

    public Classification classification() {
        return decisive().classification();
    }

    /** The server that gave the decisive reply (host:port), or null when no connection was made. */
    public String remoteHost() {
        return decisive().remoteHost();
    }

    /**
     * For direct delivery, one entry per recipient domain: the MX hosts tried, why each one passed over was left, and
     * the one that answered. Empty for relay delivery.
     */
    public List<DomainDelivery> domains() {
        return domains;
    }

    /** The protocol transcript (credentials redacted), kept for failed attempts; null for successful ones. */
    public String transcript() {
        return transcript;
    }

    /** The exception this outcome stands for, or null when every recipient accepted the message. */
    public SmtpxDeliveryException toException() {
        return switch (replyClass()) {
            case SUCCESS -> null;
            case TRANSIENT -> new SmtpxTransientException(this);
            case PERMANENT -> new SmtpxPermanentException(this);
        };
    }

    /** A readable account: the overall outcome and one line per recipient. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(replyClass()).append(": ").append(acceptedRecipients().size()).append(" of ").append(results.size())
                .append(" recipient(s) accepted");
        for (RecipientResult result : results) {
            sb.append("\n  ").append(result.state()).append(' ').append(result.describe());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "DeliveryReport[" + replyClass() + ", messageId=" + messageId + ", results=" + results + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeliveryReport other && Objects.equals(messageId, other.messageId)
               && results.equals(other.results);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, results);
    }
}

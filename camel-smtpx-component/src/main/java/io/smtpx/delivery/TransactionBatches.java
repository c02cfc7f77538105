package io.smtpx.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.smtpx.reply.Reason;
import io.smtpx.reply.ReplyClassifier;
import io.smtpx.reply.SmtpStage;

/**
 * Splits recipients into mail transactions of at most {@code maxRecipientsPerTransaction}, and shrinks the batches
 * when a server answers "452 4.5.3 too many recipients", which means "send the rest in the next transaction", not
 * "fail", and within the limits the server announced (LIMITS); sends them on a session while it lasts. Recipients
 * only leave: each ends with the reply that decided it.
 */
final class TransactionBatches {

    private final Deque<String> pending;
    private final ReplyClassifier classifier;
    private int batchSize;

    TransactionBatches(List<String> recipients, int maxRecipientsPerTransaction, ReplyClassifier classifier) {
        this.pending = new ArrayDeque<>(recipients);
        this.batchSize = maxRecipientsPerTransaction;
        this.classifier = classifier;
    }

    boolean hasNext() {
        return !pending.isEmpty();
    }

    /**
     * The recipients of the next transaction, within the server's LIMITS: at most RCPTMAX of them, and of at most
     * RCPTDOMAINMAX domains (recipients of other domains wait, in their order, for a later transaction).
     */
    List<String> next(ServerLimits limits) {
        int size = limits.rcptMax() > 0 ? Math.min(batchSize, limits.rcptMax()) : batchSize;
        List<String> batch = new ArrayList<>(Math.min(size, pending.size()));
        Set<String> domains = new HashSet<>();
        for (Iterator<String> waiting = pending.iterator(); waiting.hasNext() && batch.size() < size; ) {
            String recipient = waiting.next();
            if (limits.rcptDomainMax() == 0 || fitsDomains(recipient, domains, limits.rcptDomainMax())) {
                batch.add(recipient);
                waiting.remove();
            }
        }
        return batch;
    }

    private static boolean fitsDomains(String recipient, Set<String> domains, int max) {
        String domain = Addresses.domainOf(recipient).toLowerCase(Locale.ROOT);
        return domains.contains(domain) || domains.size() < max && domains.add(domain);
    }

    /**
     * Sends the next batches on {@code session} for as long as it takes them. Returns true when nothing more goes to
     * this server: every recipient is decided, or the connection was lost (the rest are then recorded as not
     * attempted); false when the server's LIMITS MAILMAX ended the session and the rest should go on a new one.
     */
    boolean sendWhileSessionLasts(SmtpSession session, Envelope envelope, MessageContent content,
                                  ResultRecorder recorder, String server, Transcript transcript) {
        while (hasNext() && session.takesAnotherTransaction()) {
            List<String> batch = next(session.limits());
            SmtpSession.TransactionOutcome outcome = session.send(envelope.withRecipients(batch), content);
            recorder.recordReplies(settle(batch, outcome), server);
        }
        if (!hasNext()) {
            return true;
        }
        if (session.isBroken()) {
            recorder.recordAll(remaining(), SmtpStage.MAIL, LocalReplies.notAttempted(server), server);
            return true;
        }
        transcript.note(server + " takes " + session.limits().mailMax()
                        + " messages per session (LIMITS MAILMAX); continuing on a new session");
        return false;
    }

    /** Returns a batch that was not sent after all, to go first again. */
    void putBack(List<String> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            pending.addFirst(batch.get(i));
        }
    }

    /** The recipients not yet sent in a transaction. */
    List<String> remaining() {
        return new ArrayList<>(pending);
    }

    /**
     * The replies of a transaction that decide their recipients. When the server took some recipients and deferred
     * others as "too many", the deferred ones go back to the front of the queue and later batches are smaller.
     */
    List<SmtpSession.RecipientReply> settle(List<String> batch, SmtpSession.TransactionOutcome outcome) {
        List<String> deferred = tooManyRecipients(outcome);
        boolean progress = deferred.size() < batch.size();
        List<SmtpSession.RecipientReply> decided = new ArrayList<>(outcome.replies().size());
        for (SmtpSession.RecipientReply reply : outcome.replies()) {
            if (!progress || !deferred.contains(reply.recipient())) {
                decided.add(reply);
            }
        }
        if (progress && !deferred.isEmpty()) {
            batchSize = batch.size() - deferred.size();
            for (int i = deferred.size() - 1; i >= 0; i--) {
                pending.addFirst(deferred.get(i));
            }
        }
        return decided;
    }

    private List<String> tooManyRecipients(SmtpSession.TransactionOutcome outcome) {
        List<String> deferred = new ArrayList<>();
        for (SmtpSession.RecipientReply reply : outcome.replies()) {
            if (reply.stage() == SmtpStage.RCPT && reply.reply().code() / 100 == 4
                && classifier.classify(reply.stage(), reply.reply()).reason() == Reason.TOO_MANY_RECIPIENTS) {
                deferred.add(reply.recipient());
            }
        }
        return deferred;
    }
}

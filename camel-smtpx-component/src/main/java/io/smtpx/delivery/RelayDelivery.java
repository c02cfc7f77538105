package io.smtpx.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.smtpx.reply.Classification;
import io.smtpx.reply.Reason;
import io.smtpx.reply.ReplyClassifier;
import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * Submission to one relay: one session, as many transactions as the recipients need (at most
 * {@code maxRecipientsPerTransaction} each, fewer when the server says "too many recipients"), each recipient ending
 * with the reply that decided it.
 */
public final class RelayDelivery implements DeliveryStrategy {

    private final RelaySettings settings;
    private final ReplyClassifier classifier;

    public RelayDelivery(RelaySettings settings, ReplyClassifier classifier) {
        this.settings = settings;
        this.classifier = classifier;
    }

    @Override
    public DeliveryReport deliver(Envelope envelope, MessageContent content) {
        Transcript transcript = new Transcript();
        ResultRecorder recorder = new ResultRecorder(classifier);
        String where = settings.host() + ":" + settings.port();
        SmtpSession session;
        try {
            session = SmtpSession.open(settings.host(), settings.port(), settings.session(), transcript);
        } catch (SessionFailure failure) {
            recorder.recordAll(envelope.recipients(), failure.stage(), failure.reply(), where);
            return report(content, recorder, transcript);
        }
        try {
            sendInBatches(session, envelope, content, recorder);
        } finally {
            session.quitQuietly();
        }
        return report(content, recorder, transcript);
    }

    private void sendInBatches(SmtpSession session, Envelope envelope, MessageContent content,
                               ResultRecorder recorder) {
        Deque<String> pending = new ArrayDeque<>(envelope.recipients());
        int batchSize = settings.maxRecipientsPerTransaction();
        while (!pending.isEmpty()) {
            if (session.isBroken()) {
                SmtpReply notTried = SmtpReply.local(421, "4.4.2",
                        "Not attempted: the connection to " + session.remoteHost() + " was lost");
                recorder.recordAll(new ArrayList<>(pending), SmtpStage.MAIL, notTried, session.remoteHost());
                return;
            }
            List<String> batch = new ArrayList<>(Math.min(batchSize, pending.size()));
            while (batch.size() < batchSize && !pending.isEmpty()) {
                batch.add(pending.poll());
            }
            SmtpSession.TransactionOutcome outcome = session.send(envelope.withRecipients(batch), content);
            List<String> deferred = tooManyRecipients(outcome);
            boolean progress = deferred.size() < batch.size();
            for (SmtpSession.RecipientReply reply : outcome.replies()) {
                if (progress && deferred.contains(reply.recipient())) {
                    continue;
                }
                recorder.record(reply.recipient(), reply.stage(), reply.reply(), reply.uncertain(),
                        session.remoteHost());
            }
            if (progress && !deferred.isEmpty()) {
                // "452 4.5.3 too many recipients" means "send the rest in the next transaction", not "fail"
                batchSize = batch.size() - deferred.size();
                for (int i = deferred.size() - 1; i >= 0; i--) {
                    pending.addFirst(deferred.get(i));
                }
            }
        }
    }

    private List<String> tooManyRecipients(SmtpSession.TransactionOutcome outcome) {
        List<String> deferred = new ArrayList<>();
        for (SmtpSession.RecipientReply reply : outcome.replies()) {
            if (reply.stage() == SmtpStage.RCPT && reply.reply().code() / 100 == 4) {
                Classification classification = classifier.classify(reply.stage(), reply.reply());
                if (classification.reason() == Reason.TOO_MANY_RECIPIENTS) {
                    deferred.add(reply.recipient());
                }
            }
        }
        return deferred;
    }

    private static DeliveryReport report(MessageContent content, ResultRecorder recorder, Transcript transcript) {
        return new DeliveryReport(content.messageId(), recorder.results(),
                recorder.anyFailed() ? transcript.toString() : null);
    }

    public RelaySettings settings() {
        return settings;
    }
}

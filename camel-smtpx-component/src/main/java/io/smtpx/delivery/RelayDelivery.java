package io.smtpx.delivery;

import java.util.List;

import io.smtpx.reply.ReplyClassifier;

/**
 * Submission to one relay: a session from the pool, as many transactions as the recipients need (at most
 * {@code maxRecipientsPerTransaction} each, fewer when the server says "too many recipients"), each recipient ending
 * with the reply that decided it, and no more transactions per session than the server's LIMITS allow. A reused
 * session that turns out dead, or refuses MAIL for now, before anything was accepted is closed and replaced by a
 * fresh one within the same attempt; after that, nothing is sent twice.
 */
public final class RelayDelivery implements DeliveryStrategy {

    private final RelaySettings settings;
    private final ReplyClassifier classifier;
    private final SessionPool sessions;
    private final SessionPool.Destination relay;

    public RelayDelivery(RelaySettings settings, ReplyClassifier classifier, SessionPool sessions) {
        this.settings = settings;
        this.classifier = classifier;
        this.sessions = sessions;
        this.relay = new SessionPool.Destination(settings.host(), null, settings.port(), settings.session());
    }

    /** Without reuse: one session per message, as camel-mail does. */
    public RelayDelivery(RelaySettings settings, ReplyClassifier classifier) {
        this(settings, classifier, new SessionPool(PoolSettings.noReuse()));
    }

    @Override
    public DeliveryReport deliver(Envelope envelope, MessageContent content) {
        Transcript transcript = new Transcript();
        ResultRecorder recorder = new ResultRecorder(classifier);
        TransactionBatches batches = new TransactionBatches(envelope.recipients(),
                settings.maxRecipientsPerTransaction(), classifier);
        String where = settings.host() + ":" + settings.port();
        boolean retriedOnFreshSession = false;
        while (batches.hasNext()) {
            SmtpSession session;
            try {
                session = acquire(transcript);
            } catch (SessionFailure failure) {
                recorder.recordAll(batches.remaining(), failure.stage(), failure.reply(), where);
                break;
            }
            boolean reused = session.transactions() > 0;
            try {
                List<String> batch = batches.next(session.limits());
                SmtpSession.TransactionOutcome outcome = session.send(envelope.withRecipients(batch), content);
                if (reused && !retriedOnFreshSession && outcome.failedBeforeAnyRecipient()) {
                    // the server closed the idle session, or refused MAIL on it for now: nothing was accepted, so a
                    // fresh one is safe
                    transcript.note("the reused session failed before any recipient; retrying on a new session");
                    session.retire();
                    retriedOnFreshSession = true;
                    batches.putBack(batch);
                    sessions.discardIdle(relay);
                    continue;
                }
                recorder.recordReplies(batches.settle(batch, outcome), session.remoteHost());
                if (batches.sendWhileSessionLasts(session, envelope, content, recorder, session.remoteHost(),
                        transcript)) {
                    break;
                }
            } finally {
                sessions.release(session, relay);
            }
        }
        return new DeliveryReport(content.messageId(), recorder.results(),
                recorder.anyFailed() ? transcript.toString() : null);
    }

    private SmtpSession acquire(Transcript transcript) throws SessionFailure {
        return sessions.acquire(relay, transcript);
    }

    @Override
    public void close() {
        sessions.close();
    }

    public RelaySettings settings() {
        return settings;
    }
}

package io.smtpx.delivery;

import java.util.ArrayList;
import java.util.List;

import io.smtpx.reply.Classification;
import io.smtpx.reply.ReplyClass;
import io.smtpx.reply.ReplyClassifier;
import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/** Classifies each recipient's deciding reply and records it as a {@link RecipientResult}. */
final class ResultRecorder {

    private final ReplyClassifier classifier;
    private final List<RecipientResult> results = new ArrayList<>();

    ResultRecorder(ReplyClassifier classifier) {
        this.classifier = classifier;
    }

    void record(String recipient, SmtpStage stage, SmtpReply reply, boolean uncertain, String remoteHost) {
        record(recipient, stage, reply, classifier.classify(stage, reply), uncertain, remoteHost);
    }

    void record(String recipient, SmtpStage stage, SmtpReply reply, Classification classification, boolean uncertain,
                String remoteHost) {
        RecipientState state = stateOf(stage, classification, uncertain);
        String queueId = state == RecipientState.ACCEPTED ? QueueIds.of(reply) : null;
        results.add(new RecipientResult(recipient, state, stage, reply, classification, remoteHost, queueId));
    }

    void recordReplies(List<SmtpSession.RecipientReply> replies, String remoteHost) {
        for (SmtpSession.RecipientReply reply : replies) {
            record(reply.recipient(), reply.stage(), reply.reply(), reply.uncertain(), remoteHost);
        }
    }

    void recordAll(List<String> recipients, SmtpStage stage, SmtpReply reply, String remoteHost) {
        Classification classification = classifier.classify(stage, reply);
        for (String recipient : recipients) {
            record(recipient, stage, reply, classification, false, remoteHost);
        }
    }

    private static RecipientState stateOf(SmtpStage stage, Classification classification, boolean uncertain) {
        if (uncertain) {
            return RecipientState.UNCERTAIN;
        }
        if (classification.replyClass() == ReplyClass.SUCCESS) {
            // only the reply to the final dot delivers; a positive reply at any other stage cannot end a recipient
            return stage == SmtpStage.EOD ? RecipientState.ACCEPTED : RecipientState.TRANSIENT;
        }
        return classification.replyClass() == ReplyClass.PERMANENT ? RecipientState.PERMANENT
                : RecipientState.TRANSIENT;
    }

    boolean anyFailed() {
        return results.stream().anyMatch(r -> !r.isAccepted());
    }

    List<RecipientResult> results() {
        return results;
    }
}

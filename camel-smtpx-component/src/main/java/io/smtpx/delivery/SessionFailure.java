package io.smtpx.delivery;

import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * A session could not be set up (connect, greeting, EHLO, STARTTLS, AUTH): the stage and the reply that stopped it,
 * a server's or a {@linkplain SmtpReply#isLocal() local} one. Internal to the engine; it ends up in the report.
 */
final class SessionFailure extends Exception {

    private final SmtpStage stage;
    private final SmtpReply reply;

    SessionFailure(SmtpStage stage, SmtpReply reply) {
        super(stage + ": " + reply, null, false, false);
        this.stage = stage;
        this.reply = reply;
    }

    SmtpStage stage() {
        return stage;
    }

    SmtpReply reply() {
        return reply;
    }
}

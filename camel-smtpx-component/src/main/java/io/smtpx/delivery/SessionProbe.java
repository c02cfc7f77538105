package io.smtpx.delivery;

import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * Whether a server would take mail now, asked the way a delivery would: connect, TLS, greeting, EHLO, STARTTLS, EHLO
 * (and AUTH when the settings carry credentials), then QUIT. For health checks, so that they and deliveries speak the
 * same SMTP.
 */
public final class SessionProbe {

    private SessionProbe() {
    }

    /**
     * What a probe found: up or not, the stage it reached or stopped at, and the reply that decided it: the greeting
     * when up, else the server's refusal or a {@linkplain SmtpReply#isLocal() local} reply (refused connection, failed
     * TLS handshake, STARTTLS not offered).
     */
    public record Outcome(boolean up, SmtpStage stage, SmtpReply reply) {
    }

    public static Outcome probe(String host, int port, SessionSettings settings) {
        try (SmtpSession session = SmtpSession.open(host, null, port, settings, new Transcript())) {
            return new Outcome(true, settings.credentials() == null ? SmtpStage.EHLO : SmtpStage.AUTH,
                    session.greeting());
        } catch (SessionFailure failure) {
            return new Outcome(false, failure.stage(), failure.reply());
        }
    }
}

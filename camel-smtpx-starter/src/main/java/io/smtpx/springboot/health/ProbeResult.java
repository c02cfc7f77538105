package io.smtpx.springboot.health;

import java.time.Duration;
import java.time.Instant;

import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * What one probe of a relay found: up or down, at which stage it stopped, the reply that decided it (the relay's, or
 * a local one such as a refused connection or a failed TLS handshake; null only when the probe itself could not be
 * made), a one-line message and the local error if any.
 */
public record ProbeResult(
        Relay relay,
        boolean up,
        SmtpStage stage,
        SmtpReply reply,
        String message,
        Throwable error,
        Instant probedAt,
        Duration took) {

    static ProbeResult up(Relay relay, Instant started, SmtpReply greeting) {
        return new ProbeResult(relay, true, SmtpStage.EHLO, greeting, "relay answered EHLO", null, started,
                Duration.between(started, Instant.now()));
    }

    static ProbeResult down(Relay relay, Instant started, SmtpStage stage, SmtpReply reply) {
        String who = reply.isLocal() ? "no SMTP session at " : "relay refused ";
        return new ProbeResult(relay, false, stage, reply, who + stage + ": " + reply, null, started,
                Duration.between(started, Instant.now()));
    }

    static ProbeResult failed(Relay relay, Instant started, SmtpStage stage, Exception error) {
        String message = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new ProbeResult(relay, false, stage, null, "no SMTP session at " + stage + ": " + message, error,
                started, Duration.between(started, Instant.now()));
    }
}

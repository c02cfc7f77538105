package io.smtpx.springboot.health;

import java.time.Duration;
import java.time.Instant;

import io.smtpx.delivery.RelaySettings;
import io.smtpx.delivery.SessionProbe;
import io.smtpx.delivery.SessionSettings;
import io.smtpx.delivery.TlsSettings;

/**
 * Asks a relay whether it would take mail, through the engine's own session set-up: connect (with TLS from the first
 * byte for security=TLS), greeting, EHLO, STARTTLS and EHLO again for security=STARTTLS, then QUIT. It never
 * authenticates (a check every few seconds must not look like a password-guessing client) and never sends a message.
 */
public final class RelayProbe {

    private final TlsSettings tls;
    private final String heloName;
    private final int timeoutMillis;

    /** {@code tls} as deliveries to the relay use it ({@code SmtpxConfiguration.verifiedTls}). */
    public RelayProbe(TlsSettings tls, String heloName, Duration timeout) {
        this.tls = tls;
        this.heloName = heloName;
        this.timeoutMillis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    }

    public ProbeResult probe(Relay relay) {
        Instant started = Instant.now();
        SessionSettings settings = new SessionSettings(RelaySettings.tlsModeOf(relay.security()), tls, null, null,
                false, heloName, null, timeoutMillis, timeoutMillis);
        SessionProbe.Outcome outcome = SessionProbe.probe(relay.host(), relay.port(), settings);
        return outcome.up()
                ? ProbeResult.up(relay, started, outcome.reply())
                : ProbeResult.down(relay, started, outcome.stage(), outcome.reply());
    }
}

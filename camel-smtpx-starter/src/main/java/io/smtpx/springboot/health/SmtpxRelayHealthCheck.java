package io.smtpx.springboot.health;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.smtpx.reply.SmtpStage;

/**
 * A readiness check of one relay: UP when it greets, answers EHLO (and STARTTLS where required). The relay is probed
 * at most once per interval; health requests in between get the last result. Not a liveness check: a relay that is
 * down is no reason to restart the application.
 */
public final class SmtpxRelayHealthCheck extends AbstractHealthCheck {

    private final Relay relay;
    private final Supplier<RelayProbe> probe;
    private final Duration interval;
    private ProbeResult last;

    public SmtpxRelayHealthCheck(Relay relay, Supplier<RelayProbe> probe, Duration interval) {
        super("smtpx", "smtpx-relay-" + relay.address());
        this.relay = relay;
        this.probe = probe;
        this.interval = interval;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    public Relay relay() {
        return relay;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ProbeResult result = latest();
        builder.detail("relay", relay.address());
        builder.detail("security", relay.security().name());
        builder.detail("stage", result.stage().name());
        builder.detail("probed.at", result.probedAt().toString());
        builder.detail("took.ms", result.took().toMillis());
        if (result.reply() != null) {
            builder.detail("reply", result.reply().toString());
        }
        builder.message(result.message());
        if (result.up()) {
            builder.up();
        } else {
            builder.down();
            if (result.error() != null && !(result.error() instanceof IOException)) {
                // a refused or timed-out connection is said in the message; a stack trace is only worth it otherwise
                builder.error(result.error());
            }
        }
    }

    /** The last probe's result, probing again when it is older than the interval. */
    synchronized ProbeResult latest() {
        if (last == null || !Instant.now().isBefore(last.probedAt().plus(interval))) {
            Instant started = Instant.now();
            try {
                last = probe.get().probe(relay);
            } catch (RuntimeException e) {
                // e.g. the SSL context parameters could not be turned into an SSL context
                last = ProbeResult.failed(relay, started, SmtpStage.CONNECT, e);
            }
        }
        return last;
    }
}

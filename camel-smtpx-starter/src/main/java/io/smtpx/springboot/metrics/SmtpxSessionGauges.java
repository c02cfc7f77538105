package io.smtpx.springboot.metrics;

import java.util.function.ToIntFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.camel.CamelContext;

import io.smtpx.camel.SmtpxEndpoint;

/**
 * Gauges {@value #SESSIONS} of the session pools of every smtpx endpoint, tagged {@code state=active} (carrying a
 * message) and {@code state=idle} (open, waiting for the next one).
 */
public final class SmtpxSessionGauges implements MeterBinder {

    public static final String SESSIONS = "smtpx.sessions";

    private final CamelContext camelContext;

    public SmtpxSessionGauges(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "active", SmtpxEndpoint::getActiveSessions);
        gauge(registry, "idle", SmtpxEndpoint::getIdleSessions);
    }

    private void gauge(MeterRegistry registry, String state, ToIntFunction<SmtpxEndpoint> count) {
        Gauge.builder(SESSIONS, camelContext, context -> context.getEndpoints().stream()
                        .filter(SmtpxEndpoint.class::isInstance).map(SmtpxEndpoint.class::cast)
                        .mapToInt(count).sum())
                .tag("state", state)
                .description("SMTP sessions of smtpx endpoints, by state")
                .register(registry);
    }
}

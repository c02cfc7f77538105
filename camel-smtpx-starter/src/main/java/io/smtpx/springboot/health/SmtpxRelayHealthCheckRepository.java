package io.smtpx.springboot.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;

import io.smtpx.camel.SmtpxComponent;
import io.smtpx.camel.SmtpxConfiguration;
import io.smtpx.camel.SmtpxEndpoint;
import io.smtpx.camel.SmtpxStrategy;

/**
 * One {@link SmtpxRelayHealthCheck} per configured relay: the smtpx component's host, and the host of every
 * smtpx:relay endpoint in the Camel context (endpoints created later are picked up on the next health request). Two
 * configurations naming the same host, port and security share one check.
 */
public final class SmtpxRelayHealthCheckRepository implements HealthCheckRepository {

    private final CamelContext camelContext;
    private final Duration interval;
    private final Duration timeout;
    private final Map<Relay, SmtpxRelayHealthCheck> checks = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    public SmtpxRelayHealthCheckRepository(CamelContext camelContext, Duration interval, Duration timeout) {
        this.camelContext = camelContext;
        this.interval = interval;
        this.timeout = timeout;
    }

    @Override
    public String getId() {
        return "smtpx-relays";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stream<HealthCheck> stream() {
        if (!enabled) {
            return Stream.empty();
        }
        return relays().entrySet().stream()
                .map(e -> checks.computeIfAbsent(e.getKey(), relay -> check(relay, e.getValue())));
    }

    /** The configured relays, each with the first configuration that names it. */
    Map<Relay, SmtpxConfiguration> relays() {
        Map<Relay, SmtpxConfiguration> relays = new LinkedHashMap<>();
        if (camelContext.hasComponent("smtpx") instanceof SmtpxComponent component) {
            add(relays, component.getConfiguration());
        }
        for (Endpoint endpoint : camelContext.getEndpoints()) {
            if (endpoint instanceof SmtpxEndpoint smtpx && smtpx.getStrategy() == SmtpxStrategy.relay) {
                add(relays, smtpx.getConfiguration());
            }
        }
        return relays;
    }

    private static void add(Map<Relay, SmtpxConfiguration> relays, SmtpxConfiguration configuration) {
        if (configuration.getHost() != null && !configuration.getHost().isBlank()) {
            relays.putIfAbsent(Relay.of(configuration.getHost().strip(), configuration.getPort(),
                    configuration.getSecurity()), configuration);
        }
    }

    private SmtpxRelayHealthCheck check(Relay relay, SmtpxConfiguration configuration) {
        SmtpxRelayHealthCheck check = new SmtpxRelayHealthCheck(relay, () -> probe(configuration), interval);
        check.setCamelContext(camelContext);
        return check;
    }

    private RelayProbe probe(SmtpxConfiguration configuration) {
        try {
            return new RelayProbe(configuration.verifiedTls(camelContext), configuration.effectiveHeloName(), timeout);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }
}

package io.smtpx.camel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;

import io.smtpx.delivery.AuthMechanism;
import io.smtpx.delivery.Credentials;
import io.smtpx.delivery.DeliveryStrategy;
import io.smtpx.delivery.DirectDelivery;
import io.smtpx.delivery.DirectSettings;
import io.smtpx.delivery.MxTlsPolicy;
import io.smtpx.delivery.PoolSettings;
import io.smtpx.delivery.RelayDelivery;
import io.smtpx.delivery.RelaySettings;
import io.smtpx.delivery.SessionPool;
import io.smtpx.delivery.SessionSettings;
import io.smtpx.dns.DnsSettings;
import io.smtpx.dns.MxResolver;
import io.smtpx.reply.ClassificationRules;
import io.smtpx.reply.ReplyClassifier;

/** Turns an endpoint's options into a configured delivery strategy of the engine. */
final class DeliveryFactory {

    /** Servers drop idle clients quietly; a session idle this long is checked with NOOP before it carries mail. */
    private static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(2);

    private final CamelContext camelContext;
    private final SmtpxConfiguration configuration;

    DeliveryFactory(CamelContext camelContext, SmtpxConfiguration configuration) {
        this.camelContext = camelContext;
        this.configuration = configuration;
    }

    DeliveryStrategy relay(SessionPool sessions) throws Exception {
        SessionSettings session = new SessionSettings(
                RelaySettings.tlsModeOf(configuration.getSecurity()),
                configuration.verifiedTls(camelContext),
                credentials(),
                authMechanisms(),
                configuration.isAllowPlaintextAuth(),
                configuration.effectiveHeloName(),
                null,
                Math.toIntExact(configuration.getConnectTimeout()),
                Math.toIntExact(configuration.getReadTimeout()));
        RelaySettings relay = new RelaySettings(configuration.getHost(), configuration.getPort(),
                configuration.getSecurity(), session, configuration.getMaxRecipientsPerTransaction());
        return new RelayDelivery(relay, classifier(), sessions);
    }

    PoolSettings poolSettings() {
        return new PoolSettings(configuration.getMaxSessionsPerDestination(), configuration.getMaxMessagesPerSession(),
                Duration.ofMillis(configuration.getMaxSessionAge()),
                Duration.ofMillis(configuration.getSessionIdleTimeout()), CHECK_AFTER_IDLE,
                Duration.ofMillis(configuration.getConnectTimeout()));
    }

    /**
     * Direct delivery: one MX resolver (and so one DNS cache) per producer, so that messages to the same domain share
     * lookups. No credentials: MX hosts take mail for their domains without AUTH.
     */
    DeliveryStrategy direct(SessionPool sessions) throws Exception {
        if (credentials() != null) {
            throw new IllegalArgumentException("smtpx:direct does not authenticate (MX hosts take mail for their own"
                                               + " domains without AUTH); username, password and tokens are for"
                                               + " smtpx:relay");
        }
        DirectSettings direct = new DirectSettings(
                configuration.getMxPort(),
                configuration.getTlsPolicy(),
                configuration.getTlsPolicy() == MxTlsPolicy.REQUIRED ? configuration.verifiedTls(camelContext) : null,
                configuration.isAllowLegacyTls(),
                configuration.effectiveHeloName(),
                localAddress(),
                Math.toIntExact(configuration.getConnectTimeout()),
                Math.toIntExact(configuration.getReadTimeout()),
                configuration.getMaxRecipientsPerTransaction());
        DnsSettings dns = DnsSettings.parse(configuration.getDnsServers(),
                Duration.ofMillis(configuration.getDnsTimeout()));
        return new DirectDelivery(direct, new MxResolver(dns), classifier(), sessions);
    }

    private InetAddress localAddress() throws UnknownHostException {
        String address = configuration.getLocalAddress();
        return address == null || address.isBlank() ? null : InetAddress.getByName(address.strip());
    }

    private Credentials credentials() {
        String username = configuration.getUsername();
        if (configuration.getOauth2TokenSupplier() != null) {
            return Credentials.oauth2(required(username), configuration.getOauth2TokenSupplier());
        }
        if (configuration.getAccessToken() != null) {
            String token = configuration.getAccessToken();
            return Credentials.oauth2(required(username), () -> token);
        }
        if (configuration.getPassword() != null) {
            return Credentials.password(required(username), configuration.getPassword());
        }
        return null;
    }

    private static String required(String username) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("A password or OAuth2 token is set but no username");
        }
        return username;
    }

    private List<AuthMechanism> authMechanisms() {
        List<AuthMechanism> mechanisms = new ArrayList<>();
        for (String name : configuration.getAuthMechanisms().split(",")) {
            String trimmed = name.strip().toUpperCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                try {
                    mechanisms.add(AuthMechanism.valueOf(trimmed));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Unknown auth mechanism '" + name.strip()
                                                       + "': use XOAUTH2, PLAIN or LOGIN");
                }
            }
        }
        return mechanisms;
    }

    private ReplyClassifier classifier() throws IOException {
        String rules = configuration.getClassificationRules();
        if (rules == null) {
            return ReplyClassifier.defaults();
        }
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(camelContext, rules)) {
            return ReplyClassifier.withRules(
                    ClassificationRules.parse(new InputStreamReader(in, StandardCharsets.UTF_8), rules));
        }
    }
}

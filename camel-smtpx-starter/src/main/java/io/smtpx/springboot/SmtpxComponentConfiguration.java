package io.smtpx.springboot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

import io.smtpx.camel.UncertainOutcome;
import io.smtpx.delivery.MxTlsPolicy;
import io.smtpx.delivery.Security;

/**
 * The {@code camel.component.smtpx.*} properties: every component option of the smtpx component (the defaults of
 * every {@code smtpx:} endpoint), under the same names, plus the starter's own health check and metrics settings.
 * Kept by hand in step with {@code io.smtpx.camel.SmtpxConfiguration}; a test compares the two.
 */
@ConfigurationProperties(prefix = "camel.component.smtpx")
public class SmtpxComponentConfiguration {

    /**
     * Whether to enable auto configuration of the smtpx component: these properties, the relay health checks and the
     * delivery metrics. Routes can still use smtpx: endpoints with false; they then get the component's defaults.
     */
    private boolean enabled = true;

    // ---- connection

    /** The relay (smarthost) to submit to, e.g. smtp.example.com. Required for smtpx:relay. */
    private String host;
    /** The relay's port. Default: 587 with security=STARTTLS, 465 with TLS, 25 with NONE. */
    private Integer port;
    /**
     * How the connection is protected: STARTTLS (upgrade required, never a fallback to plain text), TLS (implicit TLS
     * from the first byte, port 465) or NONE.
     */
    private Security security = Security.STARTTLS;
    /**
     * The name to give in EHLO/HELO, and the domain of generated Message-IDs. Default: this machine's name when it is
     * fully qualified, else its address as an address literal such as [192.0.2.1].
     */
    private String heloName;
    /** How long to wait for a connection (and a TLS handshake); a plain number is milliseconds. */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration connectTimeout = Duration.ofSeconds(30);
    /**
     * How long to wait for each server reply, and how long a server may go without taking any of a message being sent;
     * a plain number is milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration readTimeout = Duration.ofSeconds(60);
    /**
     * The most recipients in one mail transaction (fewer when the server announces a lower RCPTMAX with LIMITS, RFC
     * 9422); more are sent in several transactions in the same session.
     */
    private int maxRecipientsPerTransaction = 100;

    // ---- direct delivery (smtpx:direct)

    /**
     * The port of the MX hosts for smtpx:direct. MX hosts listen on 25; change it only for test servers or a setup you
     * control.
     */
    private int mxPort = 25;
    /**
     * TLS towards MX hosts for smtpx:direct: OPPORTUNISTIC (STARTTLS when offered, plain text otherwise, certificate
     * not checked, as MTAs do; a failed handshake is retried in plain text), REQUIRED (STARTTLS mandatory, certificate
     * verified against the MX host name; a host that fails is passed over) or NONE.
     */
    private MxTlsPolicy tlsPolicy = MxTlsPolicy.OPPORTUNISTIC;
    /**
     * The DNS servers smtpx:direct asks for MX and address records, comma separated host[:port] entries such as
     * 10.0.0.53,10.0.0.54:5353 or [2001:db8::53]:53, tried in order. Default: the servers this machine uses.
     */
    private String dnsServers;
    /**
     * How long smtpx:direct waits for one DNS server's answer; a plain number is milliseconds. Each server is asked
     * twice before the lookup counts as failed (temporary, 4.4.3).
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration dnsTimeout = Duration.ofSeconds(5);
    /**
     * The local IP address smtpx:direct connects from, on a machine with several (the one whose reverse DNS and
     * reputation the receiving servers should see). Default: chosen by the operating system.
     */
    private String localAddress;

    // ---- session pool

    /**
     * Open sessions to one server at most. Exchanges beyond it wait for a free session (up to connectTimeout). Mind
     * the provider's limit on concurrent connections (Microsoft 365 allows 3 per mailbox).
     */
    private int maxSessionsPerDestination = 8;
    /**
     * Messages sent over one session before it is closed and replaced (fewer when the server announces a lower MAILMAX
     * with LIMITS, RFC 9422); 1 opens a new session for every message.
     */
    private int maxMessagesPerSession = 100;
    /**
     * A session this old carries no further message: it is closed and replaced (0 for no limit); a plain number is
     * milliseconds. Keeps a busy session from living for hours, which servers limit too; Postfix's own client stops
     * reusing a connection after 300 seconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration maxSessionAge = Duration.ofMinutes(5);
    /** An idle session is closed after this long; a plain number is milliseconds. */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration sessionIdleTimeout = Duration.ofSeconds(30);

    // ---- security

    /** The username to authenticate with (AUTH). */
    private String username;
    /** The password to authenticate with (AUTH PLAIN or LOGIN). Never logged. */
    private String password;
    /** An OAuth 2.0 access token for XOAUTH2, used as is. Prefer oauth2TokenSupplier for tokens that expire. */
    private String accessToken;
    /**
     * The name of a bean (io.smtpx.delivery.OAuth2TokenSupplier) supplying a fresh OAuth 2.0 access token for XOAUTH2
     * per connection; when the server rejects a token, it is asked once for a fresh one. A leading # is allowed.
     * Default: the only bean of that type, if there is exactly one and autowiredEnabled is true.
     */
    private String oauth2TokenSupplier;
    /**
     * The SASL mechanisms allowed, in order of preference, comma separated. The first one the server offers and the
     * credentials allow is used.
     */
    private String authMechanisms = "XOAUTH2,PLAIN,LOGIN";
    /**
     * The name of a bean (org.apache.camel.support.jsse.SSLContextParameters) with the trust store, key store and
     * protocols for TLS and STARTTLS. A leading # is allowed. Default: the only bean of that type, if there is exactly
     * one and autowiredEnabled is true; otherwise the JVM's.
     */
    private String sslContextParameters;
    /** Use the global SSL context parameters of the Camel context (camel.ssl.*) when no sslContextParameters is set. */
    private boolean useGlobalSslContextParameters;
    /**
     * Send credentials over an unencrypted connection. Only for test servers: with it off (the default), credentials
     * with security=NONE are refused before anything is sent.
     */
    private boolean allowPlaintextAuth;
    /** Allow TLS 1.0 and 1.1 for a legacy server. Off by default: TLS 1.2 or later. */
    private boolean allowLegacyTls;

    // ---- message defaults

    /** The sender when the message has no From header. */
    private String from;
    /** Recipients (comma separated) when the message has no To, Cc or Bcc header. */
    private String to;
    /** Cc recipients (comma separated) when the message has no recipient headers. */
    private String cc;
    /** Bcc recipients (comma separated) when the message has no recipient headers; never shown in the message. */
    private String bcc;
    /** The Reply-To address when the message has no Reply-To header. */
    private String replyTo;
    /** The subject when the message has no Subject header. */
    private String subject;
    /** The content type of the body, e.g. text/html; charset=UTF-8. */
    private String contentType = "text/plain";
    /**
     * Whether the message headers To, Cc and Bcc decide the recipients. Set to false to always use the configured to,
     * cc and bcc, e.g. when headers may come from untrusted input.
     */
    private boolean useHeaderRecipients = true;
    /** Whether the message headers From and Sender decide the sender; false always uses the configured from. */
    private boolean useHeaderFrom = true;
    /** Whether the message header Subject decides the subject; false always uses the configured subject. */
    private boolean useHeaderSubject = true;
    /** Whether the message header Reply-To decides the reply address; false always uses the configured replyTo. */
    private boolean useHeaderReplyTo = true;

    // ---- failure routing

    /**
     * Where a message goes when some recipients failed transiently: any Camel endpoint URI, ideally a durable queue
     * (e.g. jms:queue:smtpx-retry). It carries the ledger and the next-attempt time; only its pending recipients are
     * tried when it comes back. Without it, a transient failure throws SmtpxTransientException.
     */
    private String retryEndpoint;
    /**
     * Where a message goes when some recipients failed for good (or its delivery time expired), with the full
     * classification. Without it, a permanent failure throws SmtpxPermanentException.
     */
    private String deadLetterEndpoint;
    /**
     * Where to send an RFC 3464 delivery status notification (a bounce) to the sender for recipients that refused the
     * message for good: any Camel URI, e.g. a route ending in an smtpx:relay endpoint. None by default.
     */
    private String bounceEndpoint;
    /** The intervals between attempts, the last one repeating: e.g. 1m,5m,15m,30m,1h (units ms, s, m, h, d). */
    private String retrySchedule = "1m,5m,15m,30m,1h";
    /**
     * How long after the first attempt a message may still be retried; past it, the pending recipients fail with
     * 5.4.7 delivery time expired (RFC 5321 section 4.5.4.1 suggests 4-5 days). A plain number is milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration maxRetryAge = Duration.ofDays(4);
    /**
     * What to do when the connection was lost after the final dot, before the server replied, so the message may or
     * may not have been delivered: RETRY (the default: a duplicate is better than a loss, RFC 5321 section 6.1) or
     * DEAD_LETTER.
     */
    private UncertainOutcome uncertainOutcome = UncertainOutcome.RETRY;

    // ---- classification

    /**
     * Extra reply classification rules: a resource such as classpath:my-rules.conf, file:/etc/smtpx/rules.conf or
     * ref:beanName (a String bean holding the rules), in the format of the shipped rules. A rule with the name of a
     * shipped one replaces it; others are tried first. Default: ref:smtpxClassificationRules when the application has
     * a String bean of that name.
     */
    private String classificationRules;

    // ---- common Camel component options

    /**
     * Whether the producer should be started lazily (on the first message), so that a route can start even when the
     * producer could not be created yet.
     */
    private boolean lazyStartProducer;
    /**
     * Whether autowiring is enabled: options left unset that take a bean (oauth2TokenSupplier, sslContextParameters)
     * get the only bean of their type, if there is exactly one.
     */
    private boolean autowiredEnabled = true;

    // ---- starter

    /** The relay health checks (readiness): connect, EHLO, QUIT. */
    private final HealthCheck healthCheck = new HealthCheck();
    /** The Micrometer delivery metrics. */
    private final Metrics metrics = new Metrics();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public Security getSecurity() {
        return security;
    }

    public void setSecurity(Security security) {
        this.security = security;
    }

    public String getHeloName() {
        return heloName;
    }

    public void setHeloName(String heloName) {
        this.heloName = heloName;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public int getMaxRecipientsPerTransaction() {
        return maxRecipientsPerTransaction;
    }

    public void setMaxRecipientsPerTransaction(int maxRecipientsPerTransaction) {
        this.maxRecipientsPerTransaction = maxRecipientsPerTransaction;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getAccessToken() {
        return accessToken;
    }

    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken;
    }

    public String getOauth2TokenSupplier() {
        return oauth2TokenSupplier;
    }

    public void setOauth2TokenSupplier(String oauth2TokenSupplier) {
        this.oauth2TokenSupplier = oauth2TokenSupplier;
    }

    public String getAuthMechanisms() {
        return authMechanisms;
    }

    public void setAuthMechanisms(String authMechanisms) {
        this.authMechanisms = authMechanisms;
    }

    public String getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(String sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public boolean isUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }

    public boolean isAllowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    public void setAllowPlaintextAuth(boolean allowPlaintextAuth) {
        this.allowPlaintextAuth = allowPlaintextAuth;
    }

    public boolean isAllowLegacyTls() {
        return allowLegacyTls;
    }

    public void setAllowLegacyTls(boolean allowLegacyTls) {
        this.allowLegacyTls = allowLegacyTls;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getCc() {
        return cc;
    }

    public void setCc(String cc) {
        this.cc = cc;
    }

    public String getBcc() {
        return bcc;
    }

    public void setBcc(String bcc) {
        this.bcc = bcc;
    }

    public String getReplyTo() {
        return replyTo;
    }

    public void setReplyTo(String replyTo) {
        this.replyTo = replyTo;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getContentType() {
        return contentType;
    }

    public void setContentType(String contentType) {
        this.contentType = contentType;
    }

    public boolean isUseHeaderRecipients() {
        return useHeaderRecipients;
    }

    public void setUseHeaderRecipients(boolean useHeaderRecipients) {
        this.useHeaderRecipients = useHeaderRecipients;
    }

    public boolean isUseHeaderFrom() {
        return useHeaderFrom;
    }

    public void setUseHeaderFrom(boolean useHeaderFrom) {
        this.useHeaderFrom = useHeaderFrom;
    }

    public boolean isUseHeaderSubject() {
        return useHeaderSubject;
    }

    public void setUseHeaderSubject(boolean useHeaderSubject) {
        this.useHeaderSubject = useHeaderSubject;
    }

    public boolean isUseHeaderReplyTo() {
        return useHeaderReplyTo;
    }

    public void setUseHeaderReplyTo(boolean useHeaderReplyTo) {
        this.useHeaderReplyTo = useHeaderReplyTo;
    }

    public String getClassificationRules() {
        return classificationRules;
    }

    public void setClassificationRules(String classificationRules) {
        this.classificationRules = classificationRules;
    }

    public boolean isLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public boolean isAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public int getMxPort() {
        return mxPort;
    }

    public void setMxPort(int mxPort) {
        this.mxPort = mxPort;
    }

    public MxTlsPolicy getTlsPolicy() {
        return tlsPolicy;
    }

    public void setTlsPolicy(MxTlsPolicy tlsPolicy) {
        this.tlsPolicy = tlsPolicy;
    }

    public String getDnsServers() {
        return dnsServers;
    }

    public void setDnsServers(String dnsServers) {
        this.dnsServers = dnsServers;
    }

    public Duration getDnsTimeout() {
        return dnsTimeout;
    }

    public void setDnsTimeout(Duration dnsTimeout) {
        this.dnsTimeout = dnsTimeout;
    }

    public String getLocalAddress() {
        return localAddress;
    }

    public void setLocalAddress(String localAddress) {
        this.localAddress = localAddress;
    }

    public int getMaxSessionsPerDestination() {
        return maxSessionsPerDestination;
    }

    public void setMaxSessionsPerDestination(int maxSessionsPerDestination) {
        this.maxSessionsPerDestination = maxSessionsPerDestination;
    }

    public int getMaxMessagesPerSession() {
        return maxMessagesPerSession;
    }

    public void setMaxMessagesPerSession(int maxMessagesPerSession) {
        this.maxMessagesPerSession = maxMessagesPerSession;
    }

    public Duration getMaxSessionAge() {
        return maxSessionAge;
    }

    public void setMaxSessionAge(Duration maxSessionAge) {
        this.maxSessionAge = maxSessionAge;
    }

    public Duration getSessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    public void setSessionIdleTimeout(Duration sessionIdleTimeout) {
        this.sessionIdleTimeout = sessionIdleTimeout;
    }

    public String getRetryEndpoint() {
        return retryEndpoint;
    }

    public void setRetryEndpoint(String retryEndpoint) {
        this.retryEndpoint = retryEndpoint;
    }

    public String getBounceEndpoint() {
        return bounceEndpoint;
    }

    public void setBounceEndpoint(String bounceEndpoint) {
        this.bounceEndpoint = bounceEndpoint;
    }

    public String getDeadLetterEndpoint() {
        return deadLetterEndpoint;
    }

    public void setDeadLetterEndpoint(String deadLetterEndpoint) {
        this.deadLetterEndpoint = deadLetterEndpoint;
    }

    public String getRetrySchedule() {
        return retrySchedule;
    }

    public void setRetrySchedule(String retrySchedule) {
        this.retrySchedule = retrySchedule;
    }

    public Duration getMaxRetryAge() {
        return maxRetryAge;
    }

    public void setMaxRetryAge(Duration maxRetryAge) {
        this.maxRetryAge = maxRetryAge;
    }

    public UncertainOutcome getUncertainOutcome() {
        return uncertainOutcome;
    }

    public void setUncertainOutcome(UncertainOutcome uncertainOutcome) {
        this.uncertainOutcome = uncertainOutcome;
    }

    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    /** Settings of the relay health checks. */
    public static class HealthCheck {

        /**
         * Whether each configured relay (the component's host and the host of every smtpx:relay endpoint) gets a Camel
         * readiness check, shown by Spring Boot's "camel" health indicator.
         */
        private boolean enabled = true;
        /**
         * The least time between two probes of one relay; a health request in between gets the last result, so the
         * health endpoint never makes a relay see more than one connection per interval.
         */
        private Duration interval = Duration.ofSeconds(30);
        /** How long a probe waits for the connection, the TLS handshake and each reply. */
        private Duration timeout = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** Settings of the delivery metrics. */
    public static class Metrics {

        /**
         * Whether deliveries through smtpx endpoints are counted and timed in the application's Micrometer
         * MeterRegistry (smtpx.deliveries, smtpx.delivery.duration, smtpx.recipients).
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}

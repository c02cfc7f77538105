package io.smtpx.camel;

import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

import io.smtpx.delivery.GreetingName;
import io.smtpx.delivery.MxTlsPolicy;
import io.smtpx.delivery.OAuth2TokenSupplier;
import io.smtpx.delivery.RetrySchedule;
import io.smtpx.delivery.Security;
import io.smtpx.delivery.TlsSettings;

/** The options of the smtpx component and its endpoints. Component options are the defaults of every endpoint. */
@UriParams
@Configurer
public class SmtpxConfiguration implements Cloneable {

    // ---- connection

    /** The relay (smarthost) to submit to, e.g. smtp.example.com. Required for smtpx:relay. */
    @UriParam(label = "relay")
    private String host;
    /** The relay's port. Default: 587 with security=STARTTLS, 465 with TLS, 25 with NONE. */
    @UriParam(label = "relay")
    private int port;
    /**
     * How the connection is protected: STARTTLS (upgrade required, never a fallback to plain text), TLS (implicit TLS
     * from the first byte, port 465) or NONE.
     */
    @UriParam(label = "security", defaultValue = "STARTTLS", enums = "STARTTLS,TLS,NONE")
    private Security security = Security.STARTTLS;
    /**
     * The name to give in EHLO/HELO, and the domain of generated Message-IDs. Default: this machine's name when it is
     * fully qualified, else its address as an address literal such as [192.0.2.1].
     */
    @UriParam(label = "advanced")
    private String heloName;
    /** How long to wait for a connection (and a TLS handshake), in milliseconds or a duration such as 30s. */
    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long connectTimeout = 30000;
    /**
     * How long to wait for each server reply, and how long a server may go without taking any of a message being sent,
     * in milliseconds or a duration such as 60s.
     */
    @UriParam(label = "advanced", defaultValue = "60000", javaType = "java.time.Duration")
    private long readTimeout = 60000;
    /**
     * The most recipients in one mail transaction (fewer when the server announces a lower RCPTMAX with LIMITS, RFC
     * 9422); more are sent in several transactions in the same session.
     */
    @UriParam(defaultValue = "100")
    private int maxRecipientsPerTransaction = 100;

    // ---- direct delivery (smtpx:direct)

    /**
     * The port of the MX hosts for smtpx:direct. MX hosts listen on 25; change it only for test servers or a setup you
     * control.
     */
    @UriParam(label = "direct", defaultValue = "25")
    private int mxPort = 25;
    /**
     * TLS towards MX hosts for smtpx:direct: OPPORTUNISTIC (STARTTLS when offered, plain text otherwise, certificate
     * not checked, as MTAs do; a failed handshake is retried in plain text), REQUIRED (STARTTLS mandatory, certificate
     * verified against the MX host name; a host that fails is passed over) or NONE.
     */
    @UriParam(label = "direct", defaultValue = "OPPORTUNISTIC", enums = "OPPORTUNISTIC,REQUIRED,NONE")
    private MxTlsPolicy tlsPolicy = MxTlsPolicy.OPPORTUNISTIC;
    /**
     * The DNS servers smtpx:direct asks for MX and address records, comma separated host[:port] entries such as
     * 10.0.0.53,10.0.0.54:5353 or [2001:db8::53]:53, tried in order. Default: the servers this machine uses.
     */
    @UriParam(label = "direct")
    private String dnsServers;
    /**
     * How long smtpx:direct waits for one DNS server's answer, in milliseconds or a duration such as 5s; each server
     * is asked twice before the lookup counts as failed (temporary, 4.4.3).
     */
    @UriParam(label = "direct", defaultValue = "5000", javaType = "java.time.Duration")
    private long dnsTimeout = 5000;
    /**
     * The local IP address smtpx:direct connects from, on a machine with several (the one whose reverse DNS and
     * reputation the receiving servers should see). Default: chosen by the operating system.
     */
    @UriParam(label = "direct")
    private String localAddress;

    /**
     * Open sessions to one server at most. Exchanges beyond it wait for a free session (up to connectTimeout). Mind
     * the provider's limit on concurrent connections (Microsoft 365 allows 3 per mailbox).
     */
    @UriParam(label = "advanced", defaultValue = "8")
    private int maxSessionsPerDestination = 8;
    /**
     * Messages sent over one session before it is closed and replaced (fewer when the server announces a lower MAILMAX
     * with LIMITS, RFC 9422); 1 opens a new session for every message.
     */
    @UriParam(label = "advanced", defaultValue = "100")
    private int maxMessagesPerSession = 100;
    /**
     * A session this old carries no further message: it is closed and replaced (milliseconds or a duration such as
     * 5m; 0 for no limit). Keeps a busy session from living for hours, which servers limit too; Postfix's own client
     * stops reusing a connection after 300 seconds.
     */
    @UriParam(label = "advanced", defaultValue = "300000", javaType = "java.time.Duration")
    private long maxSessionAge = 300000;
    /** An idle session is closed after this long (milliseconds or a duration such as 30s). */
    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long sessionIdleTimeout = 30000;

    // ---- security

    /** The username to authenticate with (AUTH). */
    @UriParam(label = "security", secret = true)
    private String username;
    /** The password to authenticate with (AUTH PLAIN or LOGIN). Never logged. */
    @UriParam(label = "security", secret = true)
    private String password;
    /** An OAuth 2.0 access token for XOAUTH2, used as is. Prefer oauth2TokenSupplier for tokens that expire. */
    @UriParam(label = "security", secret = true)
    private String accessToken;
    /**
     * A bean supplying a fresh OAuth 2.0 access token for XOAUTH2 per connection; when the server rejects a token, it
     * is asked once for a fresh one.
     */
    @UriParam(label = "security")
    private OAuth2TokenSupplier oauth2TokenSupplier;
    /**
     * The SASL mechanisms allowed, in order of preference, comma separated. The first one the server offers and the
     * credentials allow is used.
     */
    @UriParam(label = "security", defaultValue = "XOAUTH2,PLAIN,LOGIN")
    private String authMechanisms = "XOAUTH2,PLAIN,LOGIN";
    /** Camel SSL configuration (trust store, key store, protocols) for TLS and STARTTLS. Default: the JVM's. */
    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;
    /**
     * Send credentials over an unencrypted connection. Only for test servers: with it off (the default), credentials
     * with security=NONE are refused before anything is sent.
     */
    @UriParam(label = "security", defaultValue = "false")
    private boolean allowPlaintextAuth;
    /** Allow TLS 1.0 and 1.1 for a legacy server. Off by default: TLS 1.2 or later. */
    @UriParam(label = "security", defaultValue = "false")
    private boolean allowLegacyTls;

    // ---- message defaults (the same as camel-mail's, so that smtp: routes move over unchanged)

    /** The sender when the message has no From header. */
    @UriParam(label = "message")
    private String from;
    /** Recipients (comma separated) when the message has no To, Cc or Bcc header. */
    @UriParam(label = "message")
    private String to;
    /** Cc recipients (comma separated) when the message has no recipient headers. */
    @UriParam(label = "message")
    private String cc;
    /** Bcc recipients (comma separated) when the message has no recipient headers; never shown in the message. */
    @UriParam(label = "message")
    private String bcc;
    /** The Reply-To address when the message has no Reply-To header. */
    @UriParam(label = "message")
    private String replyTo;
    /** The subject when the message has no Subject header. */
    @UriParam(label = "message")
    private String subject;
    /** The content type of the body, e.g. text/html; charset=UTF-8. */
    @UriParam(label = "message", defaultValue = "text/plain")
    private String contentType = "text/plain";

    /**
     * Whether the message headers To, Cc and Bcc decide the recipients. Set to false to always use the endpoint's to,
     * cc and bcc, e.g. when headers may come from untrusted input.
     */
    @UriParam(label = "message", defaultValue = "true")
    private boolean useHeaderRecipients = true;
    /** Whether the message headers From and Sender decide the sender; false always uses the endpoint's from. */
    @UriParam(label = "message", defaultValue = "true")
    private boolean useHeaderFrom = true;
    /** Whether the message header Subject decides the subject; false always uses the endpoint's subject. */
    @UriParam(label = "message", defaultValue = "true")
    private boolean useHeaderSubject = true;
    /** Whether the message header Reply-To decides the reply address; false always uses the endpoint's replyTo. */
    @UriParam(label = "message", defaultValue = "true")
    private boolean useHeaderReplyTo = true;

    // ---- failure routing

    /**
     * Where a message goes when some recipients failed transiently: any Camel endpoint URI, ideally a durable queue
     * (e.g. jms:queue:smtpx-retry). It carries the ledger and the next-attempt time; only its pending recipients are
     * tried when it comes back. Without it, a transient failure throws SmtpxTransientException.
     */
    @UriParam(label = "routing")
    private String retryEndpoint;
    /**
     * Where a message goes when some recipients failed for good (or its delivery time expired), with the full
     * classification. Without it, a permanent failure throws SmtpxPermanentException.
     */
    @UriParam(label = "routing")
    private String deadLetterEndpoint;
    /** The intervals between attempts, the last one repeating: e.g. 1m,5m,15m,30m,1h (units ms, s, m, h, d). */
    @UriParam(label = "routing", defaultValue = "1m,5m,15m,30m,1h")
    private String retrySchedule = RetrySchedule.DEFAULT_INTERVALS;
    /**
     * How long after the first attempt a message may still be retried; past it, the pending recipients fail with
     * 5.4.7 delivery time expired (RFC 5321 section 4.5.4.1 suggests 4-5 days).
     */
    @UriParam(label = "routing", defaultValue = "4d", javaType = "java.time.Duration")
    private long maxRetryAge = Duration.ofDays(4).toMillis();
    /**
     * What to do when the connection was lost after the final dot, before the server replied, so the message may or
     * may not have been delivered: RETRY (the default: a duplicate is better than a loss, RFC 5321 section 6.1) or
     * DEAD_LETTER.
     */
    @UriParam(label = "routing", defaultValue = "RETRY", enums = "RETRY,DEAD_LETTER")
    private UncertainOutcome uncertainOutcome = UncertainOutcome.RETRY;

    /**
     * Where to send an RFC 3464 delivery status notification (a bounce, multipart/report) to the sender for recipients
     * that refused the message for good, as MTAs do: any Camel URI, e.g. an smtpx:relay endpoint. Its body is the
     * notification as a MimeMessage, its envelope sender empty so that it cannot bounce again. None by default.
     */
    @UriParam(label = "routing")
    private String bounceEndpoint;

    // ---- classification

    /**
     * Extra reply classification rules: a resource such as classpath:my-rules.conf or file:/etc/smtpx/rules.conf, in
     * the format of the shipped rules. A rule with the name of a shipped one replaces it; others are tried first.
     */
    @UriParam(label = "advanced")
    @Metadata(supportFileReference = true)
    private String classificationRules;

    public SmtpxConfiguration copy() {
        try {
            return (SmtpxConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
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

    /**
     * The name to greet with: {@link #getHeloName()} when set, else this machine's name when it is fully qualified,
     * else its address as an address literal (what RFC 5321 asks for; servers refuse a bare host name).
     */
    public String effectiveHeloName() {
        return heloName != null ? heloName : GreetingName.ofThisHost();
    }

    /**
     * TLS with the certificate and host name verified: sslContextParameters' SSL context when set, else the JVM's
     * default, and the legacy protocols only with allowLegacyTls. What relay sessions, MX hosts under
     * tlsPolicy=REQUIRED and the relay health check use.
     */
    public TlsSettings verifiedTls(CamelContext camelContext) throws Exception {
        SSLContext context = sslContextParameters == null
                ? TlsSettings.secureDefaults().sslContext() : sslContextParameters.createSSLContext(camelContext);
        return new TlsSettings(context, true, allowLegacyTls);
    }

    public void setHeloName(String heloName) {
        this.heloName = heloName;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public int getMaxRecipientsPerTransaction() {
        return maxRecipientsPerTransaction;
    }

    public void setMaxRecipientsPerTransaction(int maxRecipientsPerTransaction) {
        this.maxRecipientsPerTransaction = maxRecipientsPerTransaction;
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

    public long getDnsTimeout() {
        return dnsTimeout;
    }

    public void setDnsTimeout(long dnsTimeout) {
        this.dnsTimeout = dnsTimeout;
    }

    public String getLocalAddress() {
        return localAddress;
    }

    public void setLocalAddress(String localAddress) {
        this.localAddress = localAddress;
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

    public OAuth2TokenSupplier getOauth2TokenSupplier() {
        return oauth2TokenSupplier;
    }

    public void setOauth2TokenSupplier(OAuth2TokenSupplier oauth2TokenSupplier) {
        this.oauth2TokenSupplier = oauth2TokenSupplier;
    }

    public String getAuthMechanisms() {
        return authMechanisms;
    }

    public void setAuthMechanisms(String authMechanisms) {
        this.authMechanisms = authMechanisms;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
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

    public String getRetryEndpoint() {
        return retryEndpoint;
    }

    public void setRetryEndpoint(String retryEndpoint) {
        this.retryEndpoint = retryEndpoint;
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

    public long getMaxRetryAge() {
        return maxRetryAge;
    }

    public void setMaxRetryAge(long maxRetryAge) {
        this.maxRetryAge = maxRetryAge;
    }

    public UncertainOutcome getUncertainOutcome() {
        return uncertainOutcome;
    }

    public void setUncertainOutcome(UncertainOutcome uncertainOutcome) {
        this.uncertainOutcome = uncertainOutcome;
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

    public long getMaxSessionAge() {
        return maxSessionAge;
    }

    public void setMaxSessionAge(long maxSessionAge) {
        this.maxSessionAge = maxSessionAge;
    }

    public long getSessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    public void setSessionIdleTimeout(long sessionIdleTimeout) {
        this.sessionIdleTimeout = sessionIdleTimeout;
    }

    public String getBounceEndpoint() {
        return bounceEndpoint;
    }

    public void setBounceEndpoint(String bounceEndpoint) {
        this.bounceEndpoint = bounceEndpoint;
    }

    public String getClassificationRules() {
        return classificationRules;
    }

    public void setClassificationRules(String classificationRules) {
        this.classificationRules = classificationRules;
    }
}

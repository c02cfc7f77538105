package io.smtpx.delivery;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.smtpx.dns.MxHost;
import io.smtpx.dns.MxResolution;
import io.smtpx.dns.MxResolver;
import io.smtpx.reply.ReplyClassifier;
import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * Delivery straight to the recipient domains' mail exchangers, as an MTA does it. Recipients are grouped by domain;
 * each domain gets its own session and transactions (at most {@code maxRecipientsPerTransaction} recipients each),
 * so a message to three domains makes three deliveries with three results.
 *
 * <p>For each domain the MX hosts are tried in the order DNS gives ({@link MxResolver}), each address in turn. A host
 * is passed over for the next one when it cannot be reached, greets with an error, fails EHLO or TLS, or answers MAIL
 * with a 4xx; once a host answers RCPT, its replies (RCPT, DATA, end of data) are the domain's answer and no other
 * host is asked in the same attempt, so that no recipient can get the message twice. Under opportunistic TLS a failed
 * handshake is retried once on a new connection in plain text before the host is passed over (Postfix's behaviour at
 * its "may" level): the policy promises encryption when possible, never at the cost of delivery.
 */
public final class DirectDelivery implements DeliveryStrategy {

    private static final int SMTP_PORT = 25;
    /**
     * Addresses tried per domain and attempt, as Postfix's smtp_mx_address_limit: a domain with many MX hosts that all
     * time out would otherwise hold the attempt for minutes; the next attempt starts from the preferred one again.
     */
    static final int MAX_ADDRESSES_PER_DOMAIN = 5;

    private final DirectSettings settings;
    private final MxResolver resolver;
    private final ReplyClassifier classifier;
    private final SessionPool sessions;

    public DirectDelivery(DirectSettings settings, MxResolver resolver, ReplyClassifier classifier,
                          SessionPool sessions) {
        this.settings = settings;
        this.resolver = resolver;
        this.classifier = classifier;
        this.sessions = sessions;
    }

    @Override
    public void close() {
        sessions.close();
    }

    @Override
    public DeliveryReport deliver(Envelope envelope, MessageContent content) {
        Transcript transcript = new Transcript();
        ResultRecorder recorder = new ResultRecorder(classifier);
        List<DomainDelivery> domains = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : recipientsByDomain(envelope).entrySet()) {
            domains.add(deliverToDomain(group.getKey(), envelope.withRecipients(group.getValue()), content, recorder,
                    transcript));
        }
        return new DeliveryReport(content.messageId(), inEnvelopeOrder(envelope, recorder.results()),
                recorder.anyFailed() ? transcript.toString() : null, domains);
    }

    private DomainDelivery deliverToDomain(String domain, Envelope envelope, MessageContent content,
                                           ResultRecorder recorder, Transcript transcript) {
        List<String> recipients = envelope.recipients();
        transcript.note("domain " + domain + ": " + recipients.size() + " recipient(s)");
        MxResolution resolution = resolver.resolve(domain);
        resolution.notes().forEach(transcript::note);
        if (!resolution.isResolved()) {
            SmtpReply reply = resolution.failure().reply();
            transcript.note("no delivery to " + domain + ": " + reply);
            recorder.recordAll(recipients, SmtpStage.CONNECT, reply, null);
            return new DomainDelivery(domain, recipients, List.of(), null);
        }
        transcript.note("mail exchangers of " + domain + ": " + describe(resolution.hosts()));
        List<HostFailure> passedOver = new ArrayList<>();
        addresses:
        for (MxHost host : resolution.hosts()) {
            for (InetAddress address : host.addresses()) {
                if (passedOver.size() == MAX_ADDRESSES_PER_DOMAIN) {
                    transcript.note("not trying further mail exchangers of " + domain + " in this attempt: "
                                    + MAX_ADDRESSES_PER_DOMAIN + " addresses tried");
                    break addresses;
                }
                String server = host.name() + "[" + address.getHostAddress() + "]:" + settings.port();
                HostFailure failure = attempt(host.name(), address, server, envelope, content, recorder, transcript);
                if (failure == null) {
                    return new DomainDelivery(domain, recipients, passedOver, server);
                }
                transcript.note("passing over " + failure.describe());
                passedOver.add(failure);
            }
        }
        recordAllHostsFailed(domain, recipients, passedOver, recorder);
        return new DomainDelivery(domain, recipients, passedOver, null);
    }

    /**
     * Tries one MX address. Returns why it was passed over, or null when it answered for the domain: then every
     * recipient of {@code envelope} is recorded with the reply that decided it. Once a recipient is recorded here, the
     * rest stay with this server too (on a new session when the server's LIMITS MAILMAX ends one), so that nobody gets
     * the message twice from two hosts.
     */
    private HostFailure attempt(String hostName, InetAddress address, String server, Envelope envelope,
                                MessageContent content, ResultRecorder recorder, Transcript transcript) {
        TransactionBatches batches = new TransactionBatches(envelope.recipients(),
                settings.maxRecipientsPerTransaction(), classifier);
        boolean answered = false;
        int retries = 0;
        while (batches.hasNext()) {
            PooledSession pooled;
            try {
                pooled = acquire(hostName, address, server, transcript);
            } catch (SessionFailure failure) {
                if (!answered) {
                    return new HostFailure(server, failure.stage(), failure.reply());
                }
                recorder.recordAll(batches.remaining(), failure.stage(), failure.reply(), server);
                break;
            }
            SmtpSession session = pooled.session();
            boolean reused = session.transactions() > 0;
            try {
                List<String> batch = batches.next(session.limits());
                SmtpSession.TransactionOutcome outcome = session.send(envelope.withRecipients(batch), content);
                if (reused && retries < 2 && outcome.failedBeforeAnyRecipient()) {
                    transcript.note("the reused session to " + server + " failed before any recipient; retrying on a"
                                    + " new session");
                    session.retire();
                    retries++;
                    batches.putBack(batch);
                    sessions.discardIdle(pooled.destination());
                    continue;
                }
                HostFailure notNow = answered ? null : mailRefusedForNow(server, outcome);
                if (notNow != null) {
                    return notNow;
                }
                answered = true;
                recorder.recordReplies(batches.settle(batch, outcome), server);
                if (batches.sendWhileSessionLasts(session, envelope, content, recorder, server, transcript)) {
                    break;
                }
            } finally {
                sessions.release(session, pooled.destination());
            }
        }
        return null;
    }

    /** A session to the MX address; when opportunistic STARTTLS fails, one in plain text. */
    private PooledSession acquire(String hostName, InetAddress address, String server, Transcript transcript)
            throws SessionFailure {
        SessionPool.Destination preferred = new SessionPool.Destination(hostName, address, settings.port(),
                settings.session());
        try {
            return new PooledSession(sessions.acquire(preferred, transcript), preferred);
        } catch (SessionFailure failure) {
            if (settings.tlsPolicy() != MxTlsPolicy.OPPORTUNISTIC || failure.stage() != SmtpStage.STARTTLS) {
                throw failure;
            }
            transcript.note("opportunistic STARTTLS with " + server + " failed (" + failure.reply().text()
                            + "); retrying in plain text");
            SessionPool.Destination plain = new SessionPool.Destination(hostName, address, settings.port(),
                    settings.plaintextSession());
            return new PooledSession(sessions.acquire(plain, transcript), plain);
        }
    }

    /** A session and the pool key it goes back under. */
    private record PooledSession(SmtpSession session, SessionPool.Destination destination) {
    }

    /** A 4xx to MAIL (or a connection lost before any RCPT) says "not now, not here": the next MX host may take it. */
    private static HostFailure mailRefusedForNow(String server, SmtpSession.TransactionOutcome outcome) {
        List<SmtpSession.RecipientReply> replies = outcome.replies();
        boolean allAtMail = !replies.isEmpty() && replies.stream().allMatch(
                r -> r.stage() == SmtpStage.MAIL && r.reply().code() / 100 == 4);
        return allAtMail ? new HostFailure(server, SmtpStage.MAIL, replies.get(0).reply()) : null;
    }

    /**
     * No host got as far as RCPT. When none could even be connected to, the recipients get one reply that says so and
     * names every host tried (most often outbound port 25 is blocked); otherwise the last host's failure decides, as
     * in Postfix, where the final server's error is the one reported.
     */
    private void recordAllHostsFailed(String domain, List<String> recipients, List<HostFailure> passedOver,
                                      ResultRecorder recorder) {
        boolean noneReached = passedOver.stream().allMatch(f -> f.stage() == SmtpStage.CONNECT && f.reply().isLocal()
                                                                && "4.4.1".equals(f.reply().enhancedStatus()));
        if (noneReached) {
            StringBuilder text = new StringBuilder(128).append("Could not connect to any mail exchanger of ")
                    .append(domain).append(" on port ").append(settings.port()).append(" (");
            for (int i = 0; i < passedOver.size(); i++) {
                text.append(i == 0 ? "" : "; ").append(passedOver.get(i).reply().text());
            }
            text.append(settings.port() == SMTP_PORT
                    ? "). Outbound port 25 is often blocked by internet and cloud providers;"
                      + " if so, send through your provider with smtpx:relay"
                    : "). Check that they listen on port " + settings.port() + " (mxPort)");
            recorder.recordAll(recipients, SmtpStage.CONNECT, SmtpReply.local(421, "4.4.1", text.toString()), null);
            return;
        }
        HostFailure last = passedOver.get(passedOver.size() - 1);
        recorder.recordAll(recipients, last.stage(), last.reply(), last.server());
    }

    private static Map<String, List<String>> recipientsByDomain(Envelope envelope) {
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        for (String recipient : envelope.recipients()) {
            String domain = Addresses.domainOf(recipient).toLowerCase(Locale.ROOT);
            byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(recipient);
        }
        return byDomain;
    }

    private static List<RecipientResult> inEnvelopeOrder(Envelope envelope, List<RecipientResult> results) {
        Map<String, Integer> position = new HashMap<>();
        List<String> recipients = envelope.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            position.put(recipients.get(i), i);
        }
        List<RecipientResult> ordered = new ArrayList<>(results);
        ordered.sort(Comparator.comparingInt(r -> position.getOrDefault(r.recipient(), Integer.MAX_VALUE)));
        return ordered;
    }

    private static String describe(List<MxHost> hosts) {
        StringBuilder sb = new StringBuilder();
        for (MxHost host : hosts) {
            sb.append(sb.length() == 0 ? "" : ", ").append(host.preference()).append(' ').append(host.name())
                    .append(' ').append(host.addresses().stream().map(InetAddress::getHostAddress).toList());
        }
        return sb.toString();
    }

    public DirectSettings settings() {
        return settings;
    }
}

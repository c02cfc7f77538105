package io.smtpx.delivery;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.smtpx.reply.Classification;
import io.smtpx.reply.Reason;
import io.smtpx.reply.ReplyClass;
import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * Where each recipient of one message stands across delivery attempts, so that no attempt sends the message again to
 * a recipient who accepted it or refused it for good: only the recipients still pending are tried. Immutable; every
 * attempt makes a new ledger. It travels with the message as text ({@link #encode()}) so that it survives a round
 * trip through a queue, and keeps the Message-ID so that every attempt sends the same message.
 */
public final class DeliveryLedger {

    private static final String VERSION = "1";

    private final String messageId;
    private final Instant firstAttempt;
    private final int attempts;
    private final Map<String, RecipientResult> results;

    private DeliveryLedger(String messageId, Instant firstAttempt, int attempts, Map<String, RecipientResult> results) {
        this.messageId = messageId;
        this.firstAttempt = firstAttempt;
        this.attempts = attempts;
        this.results = results;
    }

    /** The ledger of a message never attempted. */
    public static DeliveryLedger empty() {
        return new DeliveryLedger(null, null, 0, Map.of());
    }

    /**
     * The recipients among {@code recipients} still to try: never attempted, transient, or with an outcome unknown
     * because the connection dropped after the final dot (RFC 5321 section 6.1 prefers a duplicate to a loss).
     */
    public List<String> pending(List<String> recipients) {
        List<String> pending = new ArrayList<>(recipients.size());
        for (String recipient : recipients) {
            RecipientResult result = results.get(key(recipient));
            if (result == null || isPending(result)) {
                pending.add(recipient);
            }
        }
        return pending;
    }

    /** True while some recipient may still be delivered by another attempt. */
    public boolean hasPending() {
        return results.values().stream().anyMatch(DeliveryLedger::isPending);
    }

    private static boolean isPending(RecipientResult result) {
        return result.state() == RecipientState.TRANSIENT || result.state() == RecipientState.UNCERTAIN;
    }

    /**
     * This ledger with one more attempt's results, which replace earlier ones for the recipients it tried. With
     * {@code retryUncertain} false, a recipient whose outcome is unknown is settled as failed rather than retried.
     */
    public DeliveryLedger record(DeliveryReport attempt, Instant now, boolean retryUncertain) {
        Map<String, RecipientResult> merged = new LinkedHashMap<>(results);
        for (RecipientResult result : attempt.results()) {
            if (!retryUncertain && result.state() == RecipientState.UNCERTAIN) {
                result = settled(result, "The connection was lost after the final dot; the message may have been"
                                         + " delivered. Not retried (uncertainOutcome=DEAD_LETTER): check whether"
                                         + " it arrived.");
            }
            merged.put(key(result.recipient()), result);
        }
        return new DeliveryLedger(messageId != null ? messageId : attempt.messageId(),
                firstAttempt != null ? firstAttempt : now, attempts + 1, merged);
    }

    private static RecipientResult settled(RecipientResult result, String hint) {
        Classification classification = new Classification(ReplyClass.PERMANENT,
                result.classification().enhancedStatus(), result.classification().reason(), hint);
        return new RecipientResult(result.recipient(), RecipientState.PERMANENT, result.stage(), result.reply(),
                classification, result.remoteHost(), null);
    }

    /**
     * This ledger with every pending recipient failed for good: its delivery time ran out (RFC 5321 section
     * 4.5.4.1). The last reason is kept; the status becomes 5.4.7.
     */
    public DeliveryLedger expire(Duration maxAge) {
        Map<String, RecipientResult> expired = new LinkedHashMap<>();
        for (Map.Entry<String, RecipientResult> entry : results.entrySet()) {
            RecipientResult result = entry.getValue();
            if (isPending(result)) {
                String lastHint = result.classification().hint();
                SmtpReply reply = SmtpReply.local(554, "5.4.7", "Delivery time expired after " + attempts
                                                               + " attempt(s) in " + maxAge + "; last reply: "
                                                               + result.reply());
                Classification classification = new Classification(ReplyClass.PERMANENT, "5.4.7",
                        result.classification().reason(), "Delivery time expired: the message could not be delivered"
                                                          + " within " + maxAge + "."
                                                          + (lastHint == null ? "" : " Last problem: " + lastHint));
                result = new RecipientResult(result.recipient(), RecipientState.PERMANENT, result.stage(), reply,
                        classification, result.remoteHost(), null);
            }
            expired.put(entry.getKey(), result);
        }
        return new DeliveryLedger(messageId, firstAttempt, attempts, expired);
    }

    /**
     * The outcome of all attempts so far, one result per recipient, with the transcript and per-domain details of
     * {@code lastAttempt} (null when this call made no attempt).
     */
    public DeliveryReport report(DeliveryReport lastAttempt) {
        return report(lastAttempt, new ArrayList<>(results.values()));
    }

    /** The outcome so far of just {@code recipients} (e.g. those the last attempt tried). */
    public DeliveryReport report(DeliveryReport lastAttempt, Collection<String> recipients) {
        List<RecipientResult> selected = new ArrayList<>(recipients.size());
        for (String recipient : recipients) {
            RecipientResult result = results.get(key(recipient));
            if (result != null) {
                selected.add(result);
            }
        }
        return report(lastAttempt, selected);
    }

    private DeliveryReport report(DeliveryReport lastAttempt, List<RecipientResult> selected) {
        return lastAttempt == null
                ? new DeliveryReport(messageId, selected, null)
                : new DeliveryReport(messageId, selected, lastAttempt.transcript(), lastAttempt.domains());
    }

    public String messageId() {
        return messageId;
    }

    /** When the first attempt was made, or null before it. */
    public Instant firstAttempt() {
        return firstAttempt;
    }

    public int attempts() {
        return attempts;
    }

    public boolean isEmpty() {
        return results.isEmpty();
    }

    private static String key(String recipient) {
        return recipient.toLowerCase(Locale.ROOT);
    }

    /**
     * The ledger as one line of text for a message header: version, attempts, first attempt, Message-ID, then per
     * recipient its address, state, stage and the reply that decided it. Fields are URL-encoded.
     */
    public String encode() {
        StringBuilder sb = new StringBuilder(64 + 96 * results.size());
        sb.append(VERSION).append(';').append(attempts).append(';')
                .append(firstAttempt == null ? "" : firstAttempt.toEpochMilli()).append(';')
                .append(messageId == null ? "" : enc(messageId));
        for (RecipientResult result : results.values()) {
            sb.append(';').append(enc(result.recipient())).append(',').append(result.state()).append(',')
                    .append(result.stage()).append(',').append(result.reply().code()).append(',')
                    .append(result.reply().enhancedStatus() == null ? "" : result.reply().enhancedStatus()).append(',')
                    .append(result.classification().reason()).append(',')
                    .append(result.remoteHost() == null ? "" : enc(result.remoteHost())).append(',')
                    .append(enc(truncate(result.reply().text())));
        }
        return sb.toString();
    }

    /** Reads {@link #encode()}'s text; anything else is refused, since a misread ledger could resend a message. */
    public static DeliveryLedger decode(String text) {
        try {
            String[] parts = text.split(";", -1);
            if (parts.length < 4 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("unknown version");
            }
            int attempts = Integer.parseInt(parts[1]);
            Instant first = parts[2].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(parts[2]));
            String messageId = parts[3].isEmpty() ? null : dec(parts[3]);
            Map<String, RecipientResult> results = new LinkedHashMap<>();
            for (int i = 4; i < parts.length; i++) {
                String[] f = parts[i].split(",", -1);
                if (f.length != 8) {
                    throw new IllegalArgumentException("recipient entry " + (i - 3) + " has " + f.length + " fields");
                }
                String recipient = dec(f[0]);
                RecipientState state = RecipientState.valueOf(f[1]);
                String enhanced = f[4].isEmpty() ? null : f[4];
                SmtpReply reply = SmtpReply.of(Integer.parseInt(f[3]), enhanced, dec(f[7]));
                ReplyClass replyClass = switch (state) {
                    case ACCEPTED -> ReplyClass.SUCCESS;
                    case PERMANENT -> ReplyClass.PERMANENT;
                    default -> ReplyClass.TRANSIENT;
                };
                Classification classification = new Classification(replyClass, enhanced, Reason.valueOf(f[5]), null);
                results.put(key(recipient), new RecipientResult(recipient, state, SmtpStage.valueOf(f[2]), reply,
                        classification, f[6].isEmpty() ? null : dec(f[6]), null));
            }
            return new DeliveryLedger(messageId, first, attempts, results);
        } catch (RuntimeException e) {
            throw new InvalidMessageException("Malformed delivery ledger (" + e.getMessage() + "): " + text);
        }
    }

    private static String truncate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String dec(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DeliveryLedger[" + encode() + "]";
    }
}

package io.smtpx.delivery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SMTP envelope of one message: the reverse path (MAIL FROM, may be empty for bounces), the forward paths (RCPT
 * TO, deduplicated case-insensitively in order) and optional DSN parameters. Addresses are checked on construction so
 * that nothing malformed ever reaches a server.
 */
public final class Envelope {

    private final String sender;
    private final List<String> recipients;
    private final DsnRequest dsn;

    public Envelope(String sender, List<String> recipients, DsnRequest dsn) {
        if (sender == null) {
            throw new InvalidMessageException("No sender: set a From header or the endpoint's from option");
        }
        if (!sender.isEmpty()) {
            Addresses.checkMailbox(sender, "sender");
        }
        if (recipients == null || recipients.isEmpty()) {
            throw new InvalidMessageException("No recipients: set To, Cc or Bcc");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String> unique = new ArrayList<>(recipients.size());
        for (String recipient : recipients) {
            Addresses.checkMailbox(recipient, "recipient");
            if (seen.add(recipient.toLowerCase(Locale.ROOT))) {
                unique.add(recipient);
            }
        }
        this.sender = sender;
        this.recipients = List.copyOf(unique);
        this.dsn = dsn;
    }

    public Envelope(String sender, List<String> recipients) {
        this(sender, recipients, null);
    }

    public String sender() {
        return sender;
    }

    public List<String> recipients() {
        return recipients;
    }

    /** DSN parameters, or null. */
    public DsnRequest dsn() {
        return dsn;
    }

    /** The same envelope for fewer recipients. */
    public Envelope withRecipients(List<String> subset) {
        return new Envelope(sender, subset, dsn);
    }

    /** True when an address has non-ASCII characters and so needs SMTPUTF8 (RFC 6531). */
    public boolean needsSmtpUtf8() {
        if (!Addresses.isAscii(sender)) {
            return true;
        }
        for (String recipient : recipients) {
            if (!Addresses.isAscii(recipient)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Envelope[from=<" + sender + ">, to=" + recipients + "]";
    }
}

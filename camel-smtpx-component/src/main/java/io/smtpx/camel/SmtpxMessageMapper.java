package io.smtpx.camel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

import io.smtpx.delivery.DsnRequest;
import io.smtpx.delivery.Envelope;
import io.smtpx.delivery.InvalidMessageException;
import io.smtpx.delivery.MimeMessageContent;
import io.smtpx.delivery.StableIdMimeMessage;

/**
 * Camel message to MIME message and envelope, the way camel-mail does it (its own binding, with a shorter way for plain
 * text: the same To, Cc, Bcc, From, Reply-To and Subject headers, body, content type and attachments), so that a route
 * moves from {@code smtp:} to {@code smtpx:relay} by changing its URI. Then checks what camel-mail does not: no CR/LF
 * smuggled into a header, and well-formed envelope addresses.
 */
final class SmtpxMessageMapper {

    private final Session session;
    private final HeaderFilterStrategy headerFilter = mailHeaderFilter();
    private final TextMessageBinding binding = new TextMessageBinding(headerFilter);
    private final MailEndpoint mailDefaults;
    private final boolean useHeaderFrom;
    private final String configuredFrom;

    SmtpxMessageMapper(SmtpxConfiguration configuration) {
        this.session = mimeSession(configuration.effectiveHeloName());
        this.useHeaderFrom = configuration.isUseHeaderFrom();
        this.configuredFrom = configuration.getFrom();
        MailConfiguration defaults = new MailConfiguration();
        // camel-mail's setters record each recipient kind even when null, and its binding then fails on the null
        setIfPresent(configuration.getFrom(), defaults::setFrom);
        setIfPresent(configuration.getTo(), defaults::setTo);
        setIfPresent(configuration.getCc(), defaults::setCc);
        setIfPresent(configuration.getBcc(), defaults::setBcc);
        setIfPresent(configuration.getReplyTo(), defaults::setReplyTo);
        setIfPresent(configuration.getSubject(), defaults::setSubject);
        setIfPresent(configuration.getContentType(), defaults::setContentType);
        defaults.setUseHeaderRecipients(configuration.isUseHeaderRecipients());
        defaults.setUseHeaderFrom(configuration.isUseHeaderFrom());
        defaults.setUseHeaderSubject(configuration.isUseHeaderSubject());
        defaults.setUseHeaderReplyTo(configuration.isUseHeaderReplyTo());
        // camel-mail's binding reads its options from an endpoint; this one is never started, it only holds them
        this.mailDefaults = new MailEndpoint();
        this.mailDefaults.setConfiguration(defaults);
    }

    /**
     * A Jakarta Mail session knowing this host's name: without mail.host, every new Message-ID asks
     * InetAddress.getLocalHost() (a synchronized lookup, contended under concurrency) and ends in "@localhost".
     */
    private static Session mimeSession(String hostName) {
        Properties properties = new Properties();
        properties.setProperty("mail.host", hostName);
        return Session.getInstance(properties);
    }

    /** camel-mail's filter, which keeps Camel* headers out of the message, and also the Smtpx* ones (the ledger). */
    static HeaderFilterStrategy mailHeaderFilter() {
        MailHeaderFilterStrategy filter = new MailHeaderFilterStrategy();
        List<String> prefixes = new ArrayList<>(List.of(DefaultHeaderFilterStrategy.CAMEL_FILTER_STARTS_WITH));
        prefixes.addAll(List.of("Smtpx", "smtpx"));
        filter.setOutFilterStartsWith(prefixes.toArray(String[]::new));
        return filter;
    }

    private static void setIfPresent(String value, Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** The content and envelope of an exchange's message. */
    record MappedMessage(MimeMessageContent content, Envelope envelope) {
    }

    /**
     * The MIME message for an exchange and its envelope, with {@code messageId} (when not null) as its Message-ID so
     * that every attempt sends the same message: the body itself when it is a {@link MimeMessage} (as camel-mail does),
     * else built as camel-mail's binding builds it. Throws {@link InvalidMessageException} for anything unsafe to send.
     */
    MappedMessage map(Exchange exchange, String messageId) throws IOException {
        rejectLineBreaksInHeaders(exchange);
        try {
            MimeMessage message;
            MessageAddresses addresses = null;
            if (exchange.getMessage().getBody() instanceof MimeMessage given) {
                message = stable(given);
            } else {
                requireSender(exchange);
                message = new StableIdMimeMessage(session);
                addresses = binding.populate(mailDefaults, message, exchange);
            }
            rejectInjectedLineBreaks(message);
            if (messageId != null) {
                message.setHeader("Message-ID", messageId);
            }
            MimeMessageContent content = MimeMessageContent.of(message);
            return new MappedMessage(content,
                    envelope(exchange, addresses != null ? addresses : MessageAddresses.of(message)));
        } catch (MessagingException | IllegalArgumentException e) {
            if (e instanceof InvalidMessageException invalid) {
                throw invalid;
            }
            throw new InvalidMessageException("Cannot build the message: " + e.getMessage(), e);
        }
    }

    /** A message whose Message-ID survives saving: Jakarta Mail's own would get a new one at every attempt. */
    private static MimeMessage stable(MimeMessage given) throws MessagingException {
        return given instanceof StableIdMimeMessage ? given : new StableIdMimeMessage(given);
    }

    /** The envelope: MAIL FROM from the envelope-from header or the first From; RCPT TO from To, Cc and Bcc. */
    private static Envelope envelope(Exchange exchange, MessageAddresses addresses) {
        String sender = exchange.getMessage().getHeader(SmtpxConstants.ENVELOPE_FROM, String.class);
        if (sender == null) {
            sender = addresses.from().length == 0 ? null : addresses.from()[0].getAddress();
        }
        List<String> recipients = new ArrayList<>(addresses.recipients().length);
        for (InternetAddress recipient : addresses.recipients()) {
            recipients.add(recipient.getAddress());
        }
        return new Envelope(sender, recipients, dsn(exchange));
    }

    private static DsnRequest dsn(Exchange exchange) {
        DsnRequest dsn = new DsnRequest(
                exchange.getMessage().getHeader(SmtpxConstants.DSN_NOTIFY, String.class),
                exchange.getMessage().getHeader(SmtpxConstants.DSN_RET, String.class),
                exchange.getMessage().getHeader(SmtpxConstants.DSN_ENVID, String.class));
        return dsn.isEmpty() ? null : dsn;
    }

    /** camel-mail would fall back to camel@localhost; a message without a sender is an error here. */
    private void requireSender(Exchange exchange) {
        boolean fromHeader = useHeaderFrom && (exchange.getMessage().getHeader("From") != null
                                               || exchange.getMessage().getHeader("Sender") != null);
        if (!fromHeader && configuredFrom == null
            && exchange.getMessage().getHeader(SmtpxConstants.ENVELOPE_FROM) == null) {
            throw new InvalidMessageException("No sender: set a From header or the endpoint's from option");
        }
    }

    /**
     * camel-mail silently removes line breaks from some headers and passes others on; a line break in a header
     * value is either a bug or an attack (header injection), so the message is refused instead.
     */
    private void rejectLineBreaksInHeaders(Exchange exchange) {
        for (Map.Entry<String, Object> header : exchange.getMessage().getHeaders().entrySet()) {
            if (header.getValue() instanceof CharSequence value
                && !headerFilter.applyFilterToCamelHeaders(header.getKey(), value, exchange)
                && (value.toString().indexOf('\r') >= 0 || value.toString().indexOf('\n') >= 0)) {
                throw new InvalidMessageException(
                        "Header " + header.getKey() + " contains a line break (CR/LF injection); not sent");
            }
        }
    }

    /**
     * A header value may contain a line break only as folding (CRLF followed by a space or tab); any other CR or LF
     * would start a new header, or the body, that the route never meant to send.
     */
    private static void rejectInjectedLineBreaks(MimeMessage message) throws MessagingException {
        Enumeration<Header> headers = message.getAllHeaders();
        while (headers.hasMoreElements()) {
            Header header = headers.nextElement();
            String value = header.getValue();
            if (value != null && !isProperlyFolded(value)) {
                throw new InvalidMessageException(
                        "Header " + header.getName() + " contains a line break (CR/LF injection); not sent");
            }
        }
    }

    private static boolean isProperlyFolded(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r') {
                if (i + 2 >= value.length() || value.charAt(i + 1) != '\n' || !isFoldingSpace(value.charAt(i + 2))) {
                    return false;
                }
                i++;
            } else if (c == '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean isFoldingSpace(char c) {
        return c == ' ' || c == '\t';
    }
}

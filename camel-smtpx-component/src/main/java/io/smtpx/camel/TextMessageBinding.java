package io.smtpx.camel;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.mail.MailBinding;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.ObjectHelper;
import org.apache.camel.trait.message.MessageTrait;
import org.apache.camel.util.StringHelper;

/**
 * camel-mail's binding, with a shorter way for the commonest exchange: a String body, no attachments, no alternative
 * body. {@link #populateTextMessage} makes camel-mail's own decisions (recipients from the headers or the endpoint,
 * Reply-To, Subject, From, Sender, the other headers, content type and charset) but only ever sets headers on the
 * message: camel-mail reads each address header back and parses it again after every change, works out the charset
 * once per address and splits every recipient list with a regular expression, which together were a quarter of the
 * producer's CPU per message. The headers and their order are the same, which a test checks byte for byte against
 * {@link #populateMailMessage}; every other exchange goes through that.
 */
final class TextMessageBinding extends MailBinding {

    /** camel-mail's recipient separator: commas and semicolons outside double quotes. */
    private static final Pattern QUOTE_AWARE_SEPARATOR =
            Pattern.compile("[,;]++(?=(?:(?:[^\\\"]*+\\\"){2})*+[^\\\"]*+$)");
    private static final Pattern SEPARATOR = Pattern.compile("[,;]++");

    private final HeaderFilterStrategy headerFilter;

    TextMessageBinding(HeaderFilterStrategy headerFilter) {
        super(headerFilter, null, false, true);
        this.headerFilter = headerFilter;
    }

    /**
     * Builds the message for {@code exchange} as camel-mail's binding does: the shorter way for {@link #isPlainText
     * plain text}, else through {@link #populateMailMessage}. Returns the addresses its envelope is made of.
     */
    MessageAddresses populate(MailEndpoint endpoint, MimeMessage message, Exchange exchange)
            throws MessagingException, IOException {
        if (isPlainText(endpoint.getConfiguration(), exchange)) {
            return populateTextMessage(endpoint.getConfiguration(), message, exchange);
        }
        populateMailMessage(endpoint, message, exchange);
        return MessageAddresses.of(message);
    }

    /** True for an exchange {@link #populateTextMessage} builds: a String body, no attachments, no alternative body. */
    boolean isPlainText(MailConfiguration configuration, Exchange exchange) {
        Message in = exchange.getIn();
        return in.getBody() instanceof String
               && !in.hasTrait(MessageTrait.ATTACHMENTS) // where camel-attachments keeps them, whatever the wrapper
               && in.getHeader(configuration.getAlternativeBodyHeader()) == null;
    }

    /**
     * Builds the message for a {@link #isPlainText plain text} exchange as {@link #populateMailMessage} would, and
     * returns the addresses it put in From (or Sender), To, Cc and Bcc, saving the envelope from parsing them again.
     */
    MessageAddresses populateTextMessage(MailConfiguration configuration, MimeMessage message, Exchange exchange)
            throws MessagingException, IOException {
        Message in = exchange.getIn();
        String charset = determineCharSet(configuration, exchange);
        Recipients recipients = new Recipients(charset);
        if (configuration.isUseHeaderRecipients() && hasRecipientHeader(in)) {
            for (Map.Entry<String, Object> header : in.getHeaders().entrySet()) {
                if (header.getValue() != null && isRecipientHeader(header.getKey())) {
                    for (Object value : values(header.getValue())) {
                        recipients.add(header.getKey(), asString(exchange, value));
                    }
                }
            }
        } else {
            for (Map.Entry<jakarta.mail.Message.RecipientType, String> configured
                    : configuration.getRecipients().entrySet()) {
                recipients.add(configured.getKey().toString(), configured.getValue());
            }
        }
        String replyTo = configuration.isUseHeaderReplyTo()
                ? in.getHeader(MailConstants.MAIL_REPLY_TO, String.class) : null;
        if (replyTo == null) {
            replyTo = configuration.getReplyTo();
        }
        if (replyTo != null) {
            setAddressHeader(message, "Reply-To", encodedAddresses(replyTo, charset));
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("The mail message does not have any recipients set.");
        }
        recipients.setOn(message);
        if (configuration.getSubject() != null) {
            setSubject(message, configuration.getSubject(), ExchangeHelper.getCharsetName(exchange, false));
        }
        Originators originators = appendOtherHeaders(configuration, message, exchange, charset);
        if (originators.from == null && originators.sender == null) {
            originators.from = encodedAddress(configuration.getFrom(), charset);
            setAddressHeader(message, "From", originators.from);
        }
        String contentType = determineContentType(configuration, exchange);
        message.setDataHandler(new DataHandler(new ByteArrayDataSource(in.getBody(String.class), contentType)));
        message.setHeader("Content-Type", contentType);
        return new MessageAddresses(
                new InternetAddress[] {originators.from != null ? originators.from : originators.sender},
                recipients.all());
    }

    /** The From and Sender set from the exchange's headers. */
    private static final class Originators {
        InternetAddress from;
        InternetAddress sender;
    }

    /** The headers other than the recipients, as camel-mail's appendHeadersFromCamelMessage. */
    private Originators appendOtherHeaders(MailConfiguration configuration, MimeMessage message, Exchange exchange,
                                           String charset) throws MessagingException, IOException {
        Originators originators = new Originators();
        for (Map.Entry<String, Object> header : exchange.getIn().getHeaders().entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            if (value == null || headerFilter.applyFilterToCamelHeaders(name, value, exchange)) {
                continue;
            }
            if (name.equalsIgnoreCase("subject")) {
                if (configuration.isUseHeaderSubject()) {
                    setSubject(message, asString(exchange, value), charset);
                }
            } else if (name.equalsIgnoreCase("from")) {
                if (configuration.isUseHeaderFrom()) {
                    originators.from = encodedAddress(asString(exchange, value), charset);
                    setAddressHeader(message, "From", originators.from);
                }
            } else if (name.equalsIgnoreCase("sender")) {
                if (configuration.isUseHeaderFrom()) {
                    originators.sender = encodedAddress(asString(exchange, value), charset);
                    setAddressHeader(message, "Sender", originators.sender);
                }
            } else if (name.equalsIgnoreCase(MailConstants.MAIL_REPLY_TO)) {
                if (configuration.isUseHeaderReplyTo()) {
                    message.setHeader(StringHelper.removeCRLF(name), asString(exchange, value));
                }
            } else if (!isRecipientHeader(name) && !name.equalsIgnoreCase(configuration.getAlternativeBodyHeader())) {
                if (isCollection(value)) {
                    for (Object each : values(value)) {
                        message.addHeader(StringHelper.removeCRLF(name), asString(exchange, each));
                    }
                } else {
                    message.setHeader(StringHelper.removeCRLF(name), asString(exchange, value));
                }
            }
        }
        return originators;
    }

    /** To, Cc and Bcc addresses in the order camel-mail adds them, each kind set once at the end. */
    private static final class Recipients {
        private final String charset;
        private final List<InternetAddress> to = new ArrayList<>();
        private final List<InternetAddress> cc = new ArrayList<>();
        private final List<InternetAddress> bcc = new ArrayList<>();

        Recipients(String charset) {
            this.charset = charset;
        }

        void add(String kind, String addresses) throws AddressException, UnsupportedEncodingException {
            List<InternetAddress> list = kind.equalsIgnoreCase("To") ? to : kind.equalsIgnoreCase("Cc") ? cc : bcc;
            for (String address : split(addresses)) {
                String trimmed = address.trim();
                if (!trimmed.isEmpty()) {
                    list.add(encodedAddress(trimmed, charset));
                }
            }
        }

        boolean isEmpty() {
            return to.isEmpty() && cc.isEmpty() && bcc.isEmpty();
        }

        void setOn(MimeMessage message) throws MessagingException {
            setOn(message, "To", to);
            setOn(message, "Cc", cc);
            setOn(message, "Bcc", bcc);
        }

        private static void setOn(MimeMessage message, String kind, List<InternetAddress> list)
                throws MessagingException {
            if (!list.isEmpty()) {
                setAddressHeader(message, kind, list.toArray(Address[]::new));
            }
        }

        /** To, Cc and Bcc, in that order (as MimeMessage.getAllRecipients). */
        InternetAddress[] all() {
            List<InternetAddress> all = new ArrayList<>(to.size() + cc.size() + bcc.size());
            all.addAll(to);
            all.addAll(cc);
            all.addAll(bcc);
            return all.toArray(InternetAddress[]::new);
        }
    }

    /** camel-mail's split of a recipient list; its regular expression only where a quote could hide a separator. */
    private static String[] split(String recipients) {
        if (recipients.indexOf(',') < 0 && recipients.indexOf(';') < 0) {
            return new String[] {recipients};
        }
        return (recipients.indexOf('"') < 0 ? SEPARATOR : QUOTE_AWARE_SEPARATOR).split(recipients);
    }

    private static Address[] encodedAddresses(String addresses, String charset)
            throws AddressException, UnsupportedEncodingException {
        List<InternetAddress> list = new ArrayList<>();
        for (String address : split(addresses)) {
            list.add(encodedAddress(address.trim(), charset));
        }
        return list.toArray(Address[]::new);
    }

    /** camel-mail's asEncodedInternetAddress: the address as parsed, its personal name encoded in {@code charset}. */
    private static InternetAddress encodedAddress(String address, String charset)
            throws AddressException, UnsupportedEncodingException {
        InternetAddress internetAddress = new InternetAddress(address);
        internetAddress.setPersonal(internetAddress.getPersonal(), charset);
        return internetAddress;
    }

    private static void setAddressHeader(MimeMessage message, String name, Address... addresses)
            throws MessagingException {
        // Jakarta Mail's own formatting (what MimeMessage.setRecipients writes), without reading the header back
        String value = InternetAddress.toString(addresses, name.length() + 2);
        if (value == null) {
            message.removeHeader(name);
        } else {
            message.setHeader(name, value);
        }
    }

    private static void setSubject(MimeMessage message, String subject, String charset) throws MessagingException {
        try {
            message.setHeader("Subject", MimeUtility.fold(9, MimeUtility.encodeText(subject, charset, null)));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("Encoding error", e);
        }
    }

    private static boolean hasRecipientHeader(Message in) {
        for (String name : in.getHeaders().keySet()) {
            if (isRecipientHeader(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRecipientHeader(String name) {
        return name.equalsIgnoreCase("To") || name.equalsIgnoreCase("Cc") || name.equalsIgnoreCase("Bcc");
    }

    private static boolean isCollection(Object value) {
        return value instanceof Collection || value.getClass().isArray();
    }

    private static Iterable<?> values(Object value) {
        if (!isCollection(value)) {
            return List.of(value);
        }
        List<Object> values = new ArrayList<>();
        Iterator<?> each = ObjectHelper.createIterator(value);
        while (each.hasNext()) {
            values.add(each.next());
        }
        return values;
    }

    private static String asString(Exchange exchange, Object value) {
        return StringHelper.removeCRLF(
                exchange.getContext().getTypeConverter().convertTo(String.class, exchange, value));
    }
}

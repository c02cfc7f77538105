package io.smtpx.camel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.util.ByteArrayDataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.smtpx.delivery.MimeMessageContent;
import io.smtpx.delivery.StableIdMimeMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The shorter way for plain text against camel-mail's own binding as the oracle: for each exchange, both build a
 * message from the same headers, body and endpoint options, and the bytes that would go on the wire must be the same
 * (or both must refuse the exchange with the same error). Each case also says whether the shorter way takes it, so
 * that a shortcut which never applied could not pass.
 */
class TextMessageBindingTest {

    private static final String BODY = "Dear customer,\n" + "your order has shipped.\n".repeat(150) + "Regards\n";
    private static CamelContext context;

    private final Session session = session();

    @BeforeAll
    static void startCamel() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stopCamel() throws Exception {
        context.close();
    }

    static Stream<Arguments> exchanges() {
        return Stream.of(
                text("plain", config -> { }, message -> { }),
                text("recipient lists", config -> { }, message -> {
                    message.setHeader("To", "a@example.net, b@example.net; c@example.net,"
                                            + " \"A long personal name, to fold\" <d@example.net>; e@example.net");
                    message.setHeader("Cc", "\"Doe, John\" <john@example.net>; \"Smith; Jane\" <jane@example.net>");
                    message.setHeader("Bcc", "hidden@example.net");
                }),
                // "To: " and the two addresses are 77 characters: one over the line Jakarta Mail folds at
                text("recipient list folded", config -> { }, message -> message.setHeader("To",
                        "a".repeat(38) + "@example.net, " + "b".repeat(9) + "@example.net")),
                text("recipients as collections", config -> { }, message -> {
                    message.setHeader("To", List.of("a@example.net", "B <b@example.net>"));
                    message.setHeader("Cc", new String[] {"c@example.net", "d@example.net, e@example.net"});
                }),
                text("non-ASCII names and a long subject", config -> { }, message -> {
                    message.setHeader("From", "Jürgen Müller <juergen@example.org>");
                    message.setHeader("To", "Zoë <zoe@example.net>");
                    message.setHeader("Subject", "Grüße aus Köln: a subject long enough that Jakarta Mail folds it "
                                                 + "over more than one line of the header");
                }),
                text("other headers", config -> { }, message -> {
                    message.setHeader("X-Priority", 1);
                    message.setHeader("X-Tags", List.of("first", "second"));
                    message.setHeader("x-lower-case", "kept as written");
                    message.setHeader("Content-Transfer-Encoding", "base64");
                    message.setHeader("Date", "Mon, 23 Nov 2026 06:00:00 +0000");
                    message.setHeader("Message-ID", "<route@example.org>");
                    message.setHeader("References", "<earlier@example.org>");
                    message.setHeader("CamelFileName", "filtered.txt");
                    message.setHeader("SmtpxLedger", "filtered");
                    message.setHeader("Status", "RO");
                }),
                text("content type header", config -> { }, message ->
                        message.setHeader("Content-Type", "text/html;charset=US-ASCII")),
                text("content type option", config -> config.setContentType("text/html"), message -> { }),
                text("Reply-To header", config -> { }, message ->
                        message.setHeader("Reply-To", "Replies <replies@example.org>")),
                text("Reply-To option", config -> config.setReplyTo("a@example.org; b@example.org"), message -> { }),
                text("Reply-To header not used", config -> {
                    config.setUseHeaderReplyTo(false);
                    config.setReplyTo("option@example.org");
                }, message -> message.setHeader("Reply-To", "header@example.org")),
                text("recipients and subject from the endpoint", config -> {
                    config.setTo("to@example.net");
                    config.setCc("cc1@example.net, cc2@example.net");
                    config.setBcc("bcc@example.net");
                    config.setSubject("From the endpoint");
                }, message -> message.removeHeader("To")),
                text("subject header over the endpoint's", config -> config.setSubject("From the endpoint"),
                        message -> { }),
                text("header use switched off", config -> {
                    config.setTo("to@example.net");
                    config.setFrom("option@example.org");
                    config.setUseHeaderRecipients(false);
                    config.setUseHeaderFrom(false);
                    config.setUseHeaderSubject(false);
                }, message -> { }),
                text("Sender without From", config -> { }, message -> {
                    message.removeHeader("From");
                    message.setHeader("Sender", "Sender <sender@example.org>");
                }),
                text("From from the endpoint", config -> config.setFrom("Shop <shop@example.org>"),
                        message -> message.removeHeader("From")),
                text("8-bit body", config -> { }, message -> {
                    message.setHeader("Content-Type", "text/plain; charset=UTF-8");
                    message.setBody("Grüße\n");
                }),
                text("charset from the exchange", config -> { }, message -> {
                    message.getExchange().setProperty(Exchange.CHARSET_NAME, "ISO-8859-1");
                    message.setHeader("Subject", "Réunion");
                }),
                text("endpoint subject in the exchange's charset", config -> config.setSubject("Réunion"), message -> {
                    message.getExchange().setProperty(Exchange.CHARSET_NAME, "ISO-8859-1");
                    message.setHeader("Content-Type", "text/plain; charset=UTF-8");
                    message.removeHeader("Subject");
                }),
                text("CRLF body with leading dots", config -> { }, message ->
                        message.setBody(".first\r\n..second\r\n.\r\nlast")),
                text("empty body", config -> { }, message -> message.setBody("")),
                refused("no recipients", message -> message.removeHeader("To")),
                refused("malformed recipient", message -> message.setHeader("To", "Broken <a@b")),
                refused("malformed From", message -> message.setHeader("From", "a@b, c@d")),
                camelMailOnly("bytes body", message -> message.setBody(BODY.getBytes(StandardCharsets.US_ASCII))),
                camelMailOnly("alternative body",
                        message -> message.setHeader("CamelMailAlternativeBody", "<p>hi</p>")),
                camelMailOnly("attachment", TextMessageBindingTest::attach));
    }

    private static void attach(Message message) {
        try {
            message.getExchange().getIn(AttachmentMessage.class)
                    .addAttachment("a.txt", new DataHandler(new ByteArrayDataSource("a", "text/plain")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Arguments text(String name, Consumer<MailConfiguration> config, Consumer<Message> message) {
        return arguments(name, true, false, config, message);
    }

    private static Arguments refused(String name, Consumer<Message> message) {
        return arguments(name, true, true, (Consumer<MailConfiguration>) config -> { }, message);
    }

    private static Arguments camelMailOnly(String name, Consumer<Message> message) {
        return arguments(name, false, false, (Consumer<MailConfiguration>) config -> { }, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void writesWhatCamelMailWrites(String name, boolean takesTheShorterWay, boolean refused,
                                   Consumer<MailConfiguration> options, Consumer<Message> exchange) {
        MailConfiguration configuration = new MailConfiguration();
        // smtpx's defaults (camel-mail's own come from its endpoint's configurer, which this one never runs)
        configuration.setUseHeaderRecipients(true);
        configuration.setUseHeaderFrom(true);
        configuration.setUseHeaderSubject(true);
        configuration.setUseHeaderReplyTo(true);
        options.accept(configuration);
        MailEndpoint endpoint = new MailEndpoint();
        endpoint.setConfiguration(configuration);
        TextMessageBinding binding = new TextMessageBinding(SmtpxMessageMapper.mailHeaderFilter());

        String camelMail = rendered(exchange, message -> {
            binding.populateMailMessage(endpoint, message, message.exchange);
            return MessageAddresses.of(message);
        });
        String shorter = rendered(exchange, message -> {
            assertThat(binding.isPlainText(configuration, message.exchange)).as("takes the shorter way")
                    .isEqualTo(takesTheShorterWay);
            if (takesTheShorterWay) {
                return binding.populateTextMessage(configuration, message, message.exchange);
            }
            binding.populateMailMessage(endpoint, message, message.exchange);
            return MessageAddresses.of(message);
        });

        assertThat(shorter).isEqualTo(camelMail);
        assertThat(camelMail).as("refused").startsWith(refused ? "refused: " : "Date: ");
    }

    private String rendered(Consumer<Message> customizer, Population population) {
        Exchange exchange = new DefaultExchange(context);
        Message in = exchange.getIn();
        in.setHeader("From", "Shop <shop@example.org>");
        in.setHeader("To", "customer@example.net");
        in.setHeader("Subject", "Your order");
        in.setBody(BODY);
        customizer.accept(in);
        ExchangeMessage message = new ExchangeMessage(session, exchange);
        try {
            MessageAddresses addresses = population.populate(message);
            message.setHeader("Date", "Mon, 23 Nov 2026 07:00:00 +0000");
            message.setHeader("Message-ID", "<fixed@example.org>");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MimeMessageContent.of(message).writeTo(out);
            // a multipart's boundary is random
            return out.toString(StandardCharsets.ISO_8859_1).replaceAll("_Part_\\d+_\\d+\\.\\d+", "_Part_")
                   + "\nenvelope from " + Arrays.toString(addresses.from())
                   + " to " + Arrays.toString(addresses.recipients());
        } catch (Exception e) {
            return "refused: " + e;
        }
    }

    private static Session session() {
        Properties properties = new Properties();
        properties.setProperty("mail.host", "client.example.org");
        return Session.getInstance(properties);
    }

    /** The message and the exchange it is built from. */
    private static final class ExchangeMessage extends StableIdMimeMessage {
        final Exchange exchange;

        ExchangeMessage(Session session, Exchange exchange) {
            super(session);
            this.exchange = exchange;
        }
    }

    @FunctionalInterface
    private interface Population {
        /** Builds the message; returns the addresses its envelope is made of. */
        MessageAddresses populate(ExchangeMessage message) throws Exception;
    }
}

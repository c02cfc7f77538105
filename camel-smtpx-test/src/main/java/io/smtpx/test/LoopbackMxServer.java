package io.smtpx.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import io.smtpx.test.ScriptedSmtpServer.ReceivedMessage;

/**
 * An MX host for tests: a {@link ScriptedSmtpServer} bound to one loopback address (127.0.0.2, 127.0.0.3, ...) so
 * that several hosts share one port, as MX hosts share port 25. Set up before {@link #start()}: it can greet with an
 * error, defer MAIL, refuse chosen recipients, offer STARTTLS (working or broken) or require it; anything else (per
 * attempt replies, delays, drops) through {@link #smtp()} once started. It records every session and message.
 *
 * <pre>{@code
 * int port = LoopbackMxServer.freePort("127.0.0.2", "127.0.0.3");
 * try (LoopbackMxServer mx = LoopbackMxServer.on("127.0.0.2", port).refuseRecipient("bob@example.test",
 *         550, "5.1.1 user unknown").start()) { ... mx.messages() ... }
 * }</pre>
 */
public final class LoopbackMxServer implements AutoCloseable {

    private final String address;
    private final int port;
    private final Map<String, String> refusedRecipients = new ConcurrentHashMap<>();
    private String greeting;
    private String mailRefusal;
    private SSLContext tls;
    private boolean brokenTls;
    private boolean requireTls;
    private ScriptedSmtpServer server;

    private LoopbackMxServer(String address, int port) {
        this.address = address;
        this.port = port;
    }

    /** A server to bind to {@code address} (a 127.x.y.z address) and {@code port}. */
    public static LoopbackMxServer on(String address, int port) {
        return new LoopbackMxServer(address, port);
    }

    /** A port free on every one of the given loopback addresses (at the time of asking). */
    public static int freePort(String... addresses) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(addresses[0]))) {
                candidate = probe.getLocalPort();
            }
            if (freeOnAll(candidate, addresses)) {
                return candidate;
            }
        }
        throw new IOException("No port free on all of " + List.of(addresses));
    }

    private static boolean freeOnAll(int port, String... addresses) {
        for (String address : addresses) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Greet every session with this error instead of 220 (e.g. 421 busy, 554 go away), then close it. */
    public LoopbackMxServer greetWith(int code, String text) {
        this.greeting = code + " " + text;
        return this;
    }

    /** Answer every MAIL FROM with this error (e.g. 451 4.3.0 try later). */
    public LoopbackMxServer refuseMail(int code, String text) {
        this.mailRefusal = code + " " + text;
        return this;
    }

    /** Answer RCPT TO for this recipient with this error (e.g. 550 "5.1.1 user unknown"). */
    public LoopbackMxServer refuseRecipient(String recipient, int code, String text) {
        refusedRecipients.put(recipient.toLowerCase(Locale.ROOT), code + " " + text);
        return this;
    }

    /** Offer STARTTLS with this context's key. */
    public LoopbackMxServer startTls(SSLContext context) {
        this.tls = context;
        return this;
    }

    /** Offer STARTTLS, then fail every handshake (the server has no usable key). */
    public LoopbackMxServer brokenStartTls() {
        this.brokenTls = true;
        return this;
    }

    /** Refuse mail until STARTTLS (530), so that a delivery proves the client encrypted. */
    public LoopbackMxServer requireTls() {
        this.requireTls = true;
        return this;
    }

    /** Binds the address and port and starts answering as set up. */
    public LoopbackMxServer start() throws IOException {
        ScriptedSmtpServer smtp = ScriptedSmtpServer.start(address, port).hostName("mx-" + address);
        if (greeting != null) {
            smtp.greeting(greeting);
        }
        if (mailRefusal != null) {
            smtp.onMail(mail -> mailRefusal);
        }
        smtp.onRcpt(rcpt -> refusedRecipients.getOrDefault(rcpt.address().toLowerCase(Locale.ROOT), "250 2.1.5 Ok"));
        if (brokenTls) {
            smtp.brokenStartTls();
        } else if (tls != null) {
            smtp.startTls(tls);
        }
        if (requireTls) {
            smtp.requireTls();
        }
        this.server = smtp;
        return this;
    }

    /** The server behind this host, to script it further once started. */
    public ScriptedSmtpServer smtp() {
        if (server == null) {
            throw new IllegalStateException("Not started: call start() first");
        }
        return server;
    }

    /** Messages received, in order, whatever the reply to their final dot. */
    public List<ReceivedMessage> messages() {
        return smtp().messages();
    }

    /** Connections accepted (whatever came of them). */
    public int sessions() {
        return smtp().connections();
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}

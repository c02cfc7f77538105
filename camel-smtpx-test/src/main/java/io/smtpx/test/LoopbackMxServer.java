package io.smtpx.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * An MX host for tests: a SubEthaSMTP server bound to one loopback address (127.0.0.2, 127.0.0.3, ...) so that
 * several hosts share one port, as MX hosts share port 25. It can greet with an error, defer MAIL, refuse chosen
 * recipients, offer STARTTLS (working or broken) or require it, and it records every session and message.
 *
 * <pre>{@code
 * int port = LoopbackMxServer.freePort("127.0.0.2", "127.0.0.3");
 * try (LoopbackMxServer mx = LoopbackMxServer.on("127.0.0.2", port).refuseRecipient("bob@example.test",
 *         550, "5.1.1 user unknown").start()) { ... mx.messages() ... }
 * }</pre>
 */
public final class LoopbackMxServer implements AutoCloseable {

    /** A message as the server received it. */
    public record Received(String from, List<String> recipients, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final String address;
    private final int port;
    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final Map<String, String> refusedRecipients = new ConcurrentHashMap<>();
    private int greetingCode;
    private String greetingText;
    private int mailCode;
    private String mailText;
    private SSLContext tls;
    private boolean brokenTls;
    private boolean requireTls;
    private SMTPServer server;

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

    /** Greet every session with this error instead of 220 (e.g. 421 busy, 554 go away). */
    public LoopbackMxServer greetWith(int code, String text) {
        this.greetingCode = code;
        this.greetingText = text;
        return this;
    }

    /** Answer every MAIL FROM with this error (e.g. 451 4.3.0 try later). */
    public LoopbackMxServer refuseMail(int code, String text) {
        this.mailCode = code;
        this.mailText = text;
        return this;
    }

    /** Answer RCPT TO for this recipient with this error (e.g. 550 "5.1.1 user unknown"). */
    public LoopbackMxServer refuseRecipient(String recipient, int code, String text) {
        refusedRecipients.put(recipient.toLowerCase(java.util.Locale.ROOT), code + " " + text);
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

    public LoopbackMxServer start() throws IOException {
        SMTPServer.Builder builder = SMTPServer.port(port)
                .bindAddress(InetAddress.getByName(address))
                .hostName("mx-" + address)
                .sessionHandler(new CountingSessionHandler())
                .messageHandlerFactory(Handler::new);
        if (tls != null || brokenTls) {
            builder.enableTLS().startTlsSocketFactory(brokenTls ? LoopbackMxServer::keylessTlsSocket
                    : socket -> tlsSocket(tls, socket));
        }
        if (requireTls) {
            builder.requireTLS();
        }
        server = builder.build();
        server.start();
        return this;
    }

    private static SSLSocket tlsSocket(SSLContext context, Socket socket) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, remote.getHostString(),
                socket.getPort(), true);
        ssl.setUseClientMode(false);
        return ssl;
    }

    private static SSLSocket keylessTlsSocket(Socket socket) throws IOException {
        try {
            SSLContext keyless = SSLContext.getInstance("TLS");
            keyless.init(null, null, null);
            SSLSocketFactory factory = keyless.getSocketFactory();
            SSLSocket ssl = (SSLSocket) factory.createSocket(socket, socket.getInetAddress().getHostAddress(),
                    socket.getPort(), true);
            ssl.setUseClientMode(false);
            return ssl;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Messages received, in order. */
    public List<Received> messages() {
        return List.copyOf(messages);
    }

    /** Connections accepted (whatever came of them). */
    public int sessions() {
        return sessions.get();
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
            server.stop();
        }
    }

    private final class CountingSessionHandler implements SessionHandler {
        @Override
        public SessionAcceptance accept(Session session) {
            sessions.incrementAndGet();
            return greetingCode == 0 ? SessionAcceptance.success()
                    : SessionAcceptance.failure(greetingCode, greetingText);
        }

        @Override
        public void onSessionEnd(Session session) {
            // nothing kept per session
        }
    }

    private final class Handler implements MessageHandler {
        private String from;
        private final List<String> recipients = new ArrayList<>();

        Handler(MessageContext context) {
        }

        @Override
        public void from(String sender) throws RejectException {
            if (mailCode != 0) {
                throw new RejectException(mailCode, mailText);
            }
            this.from = sender;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            String refusal = refusedRecipients.get(recipient.toLowerCase(java.util.Locale.ROOT));
            if (refusal != null) {
                throw new RejectException(Integer.parseInt(refusal.substring(0, 3)), refusal.substring(4));
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException {
            messages.add(new Received(from, List.copyOf(recipients), data.readAllBytes()));
            return null;
        }

        @Override
        public void done() {
            // nothing to release
        }
    }
}

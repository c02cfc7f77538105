package io.smtpx.delivery;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.smtpx.reply.SmtpReply;

/**
 * One TCP (or TLS) connection to an SMTP server: writes command lines, reads replies, upgrades to TLS, and records the
 * conversation in a {@link Transcript}. Knows nothing of the protocol's order; {@link SmtpSession} does.
 */
final class SmtpConnection implements Closeable {

    /** RFC 5321 allows 512 octets per reply line; real servers exceed it, so be lenient but bounded. */
    private static final int MAX_LINE = 8192;
    private static final int MAX_LINES = 512;
    private static final String[] LEGACY_PROTOCOLS = {"SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1"};

    private final String host;
    private final int port;
    private Transcript transcript;
    private Socket socket;
    /** The TCP socket under any TLS layer: socket options are its. */
    private Socket tcp;
    private InputStream in;
    private OutputStream out;
    private IoDeadline deadline;
    private int readTimeoutMillis;
    private boolean encrypted;
    private boolean acknowledgePromptly;

    private SmtpConnection(String host, int port, Transcript transcript) {
        this.host = host;
        this.port = port;
        this.transcript = transcript;
    }

    /**
     * Opens a plain connection to {@code address} when it is given (an MX host's address, already resolved), else to
     * {@code host} resolved by the JVM; {@code host} stays the name TLS checks the certificate against.
     */
    static SmtpConnection open(String host, InetAddress address, int port, SessionSettings settings,
                               Transcript transcript) throws IOException {
        SmtpConnection connection = new SmtpConnection(host, port, transcript);
        Socket socket = new Socket();
        IoDeadline deadline = IoDeadline.watch(socket);
        try {
            // without TCP_NODELAY every command after the TLS handshake waits ~40-200 ms: Nagle meets delayed ACK
            socket.setTcpNoDelay(true);
            if (settings.localAddress() != null) {
                socket.bind(new InetSocketAddress(settings.localAddress(), 0));
            }
            InetSocketAddress server = address == null ? new InetSocketAddress(host, port)
                    : new InetSocketAddress(address, port);
            deadline.within(settings.connectTimeoutMillis(), "no connection", () -> socket.connect(server));
        } catch (IOException e) {
            closeQuietly(socket);
            deadline.release();
            throw e;
        }
        connection.tcp = socket;
        connection.deadline = deadline;
        connection.readTimeoutMillis = settings.readTimeoutMillis();
        transcript.note("connected to " + host + (address == null ? "" : "[" + address.getHostAddress() + "]") + ":"
                        + port);
        connection.attach(socket);
        return connection;
    }

    private void attach(Socket newSocket) throws IOException {
        this.socket = newSocket;
        this.in = new BufferedInputStream(deadline.guard(newSocket.getInputStream(), readTimeoutMillis), 4096);
        this.out = new BufferedOutputStream(deadline.guard(newSocket.getOutputStream(), readTimeoutMillis), 16384);
    }

    /** Performs the TLS handshake over the current connection (implicit TLS, or after STARTTLS's 220). */
    void startTls(TlsSettings tls, int handshakeTimeoutMillis) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(socket, host, port, true);
        if (!tls.allowLegacyProtocols()) {
            List<String> enabled = new ArrayList<>(Arrays.asList(ssl.getEnabledProtocols()));
            enabled.removeAll(Arrays.asList(LEGACY_PROTOCOLS));
            ssl.setEnabledProtocols(enabled.toArray(String[]::new));
        } else {
            ssl.setEnabledProtocols(ssl.getSupportedProtocols());
        }
        if (tls.verifyHostname()) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
        }
        deadline.within(handshakeTimeoutMillis, "no TLS handshake", ssl::startHandshake);
        transcript.note("TLS established: " + ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite());
        encrypted = true;
        attach(ssl);
    }

    /** Sends one command line and flushes. */
    void send(String command) throws IOException {
        transcript.client(command);
        writeLine(command);
        out.flush();
    }

    /** Buffers one command line without flushing (pipelining: several commands leave in one packet). */
    void queue(String command) throws IOException {
        transcript.client(command);
        writeLine(command);
    }

    /** Sends a line whose content is secret; the transcript shows only {@code shown}. */
    void sendSecret(String command, String shown) throws IOException {
        transcript.clientSecret(shown);
        writeLine(command);
        out.flush();
    }

    void flush() throws IOException {
        out.flush();
    }

    private void writeLine(String command) throws IOException {
        out.write(command.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }

    /**
     * While on, every reply is acknowledged the moment it arrives (Linux's TCP_QUICKACK; elsewhere, or where the JDK
     * lacks it, nothing changes). A server without TCP_NODELAY that answers in two writes holds the second until the
     * first is acknowledged, and our delayed ACK waits 40 ms for it: Postfix does so after every TLS handshake (its
     * session ticket, then the EHLO reply), which cost each new session 40 ms.
     */
    void acknowledgePromptly(boolean on) {
        this.acknowledgePromptly = on;
    }

    /** Whether this JVM can ask the kernel for quick ACKs (Linux with jdk.net's TCP_QUICKACK). */
    static boolean canAcknowledgePromptly() {
        return QuickAck.OPTION != null;
    }

    /** Reads one complete (possibly multi-line) reply. */
    SmtpReply readReply() throws IOException {
        if (acknowledgePromptly) {
            QuickAck.request(tcp);
        }
        StringBuilder raw = new StringBuilder(64);
        for (int lines = 0; lines < MAX_LINES; lines++) {
            String line = readLine();
            transcript.server(line);
            if (lines > 0) {
                raw.append('\n');
            }
            raw.append(line);
            // a line is the last one unless its fourth character is '-'
            if (line.length() < 4 || line.charAt(3) != '-') {
                return SmtpReply.parse(raw.toString());
            }
        }
        throw new IOException("Reply longer than " + MAX_LINES + " lines from " + host);
    }

    private String readLine() throws IOException {
        byte[] buffer = new byte[128];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new ConnectionClosedException("Connection closed by " + host + ":" + port);
            }
            if (b == '\n') {
                break;
            }
            if (length == MAX_LINE) {
                throw new IOException("Reply line longer than " + MAX_LINE + " bytes from " + host);
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            buffer[length++] = (byte) b;
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    /** The stream for message content; wrap it in {@link SmtpDataOutputStream}. */
    OutputStream rawOutput() {
        return out;
    }

    boolean isEncrypted() {
        return encrypted;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    Transcript transcript() {
        return transcript;
    }

    /** Records from now on into {@code next}: a pooled connection serves one delivery after another. */
    void transcript(Transcript next) {
        this.transcript = next;
    }

    @Override
    public void close() {
        closeQuietly(socket);
        deadline.release();
    }

    private static void closeQuietly(Socket socket) {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // nothing left to do with a socket that will not close
        }
    }

    /** jdk.net's TCP_QUICKACK found by name, so that the bundle imports no jdk.* package. */
    private static final class QuickAck {
        private static final SocketOption<Boolean> OPTION = find();

        /** Not permanent: Linux leaves quick-ACK mode again as the conversation goes on, so it is asked per reply. */
        static void request(Socket tcp) {
            if (OPTION != null) {
                try {
                    tcp.setOption(OPTION, Boolean.TRUE);
                } catch (IOException | RuntimeException e) {
                    // a hint to the kernel, nothing more
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static SocketOption<Boolean> find() {
            try (Socket probe = new Socket()) {
                return (SocketOption<Boolean>) probe.supportedOptions().stream()
                        .filter(option -> option.name().equals("TCP_QUICKACK")).findFirst().orElse(null);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** The server closed the connection. */
    static final class ConnectionClosedException extends IOException {
        ConnectionClosedException(String message) {
            super(message);
        }
    }
}

package io.smtpx.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A real SMTP server on a loopback address whose every reply can be scripted: the greeting, the reply to each EHLO,
 * AUTH, MAIL, RCPT and DATA line and to the final dot; per connection and per attempt; after a delay; or not at all,
 * dropping the connection instead. It records every command and every message it received, and which messages it
 * <em>delivered</em> (answered the final dot with 2xx, the moment a real MTA takes responsibility), so that tests assert
 * on what actually reached the server rather than on what the client believes.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer smtp = ScriptedSmtpServer.start()) {
 *     // bob@ is greylisted twice, then accepted; nobody@ does not exist
 *     smtp.onRcpt(rcpt -> switch (rcpt.address()) {
 *         case "nobody@example.org" -> "550 5.1.1 User unknown";
 *         case "bob@example.org" -> rcpt.attempt() <= 2 ? "450 4.2.0 Greylisted, try again later" : "250 2.1.5 Ok";
 *         default -> "250 2.1.5 Ok";
 *     });
 *     // the first message's final dot is answered by a dropped connection: received, not delivered
 *     smtp.script(ScriptedSmtpServer.Stage.EOD, ScriptedSmtpServer.DROP);
 *     // ... send to smtp.host():smtp.port() without TLS ...
 *     assertEquals(1, smtp.deliveredTo("bob@example.org"));
 * }
 * }</pre>
 *
 * <h2>Replies</h2>
 * A reply is written as a server would say it, {@code "550 5.1.1 User unknown"}; several lines separated by
 * {@code \n} make a multi-line reply ({@code "250 first\n250 second"}). Two more forms:
 * <ul>
 * <li>{@link #DROP}: close the connection instead of answering (a crash, a network cut; at the final dot it means
 * the message was received but not delivered);</li>
 * <li>{@link #delayed(Duration, String)}: answer (or drop) only after a delay, e.g. to run into a client's read
 * timeout;</li>
 * <li>{@link #stalled(String)}: answer, then read nothing more from that connection until the server closes, e.g. to
 * run into a client's write timeout with a message that fills the socket buffers.</li>
 * </ul>
 *
 * <h2>Who answers</h2>
 * For each command, the first that has something wins: a reply queued for that recipient with
 * {@link #scriptRecipient} (RCPT only), a reply queued for that stage with {@link #script}, then the stage's
 * function ({@link #onRcpt} and the like), whose defaults accept everything. Queued replies are used once each, in
 * order; the functions get a {@link SmtpCommand} that tells the connection number and the attempt number.
 *
 * <p>The server offers PIPELINING, SIZE, 8BITMIME and DSN by default ({@link #extensions}), and STARTTLS once given an
 * {@link SSLContext} ({@link #startTls}). It answers RSET, NOOP, HELO and QUIT by itself, and refuses RCPT before
 * MAIL and DATA without an accepted recipient as a real server would, and closes the connection after any 421 reply
 * (RFC 5321 section 3.8). Thread-safe: scripts may be changed while clients are connected.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** Answer with nothing and close the connection. */
    public static final String DROP = "<drop>";

    private static final Pattern DELAY = Pattern.compile("^<delay (\\d+)ms>");
    private static final String STALL = "<stall>";

    /** Where in the SMTP conversation a reply is given, for {@link #script}. */
    public enum Stage {
        /** The greeting, when a client connects. */
        CONNECT,
        /** The reply to EHLO. */
        EHLO,
        /** The reply to an AUTH line and to each continuation line of the exchange. */
        AUTH,
        /** The reply to MAIL FROM. */
        MAIL,
        /** The reply to RCPT TO. */
        RCPT,
        /** The reply to DATA (354 to go on). */
        DATA,
        /** The reply to the final dot, the one that decides whether the message is delivered. */
        EOD
    }

    private final ServerSocket serverSocket;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "scripted-smtp");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<Stage, Queue<String>> stageScripts = new EnumMap<>(Stage.class);
    private final Map<String, Queue<String>> recipientScripts = new ConcurrentHashMap<>();

    private volatile String hostName = "scripted.test";
    private volatile IntFunction<String> onConnect = connection -> "220 " + hostName + " ESMTP ready";
    private volatile List<String> extensions = List.of("PIPELINING", "SIZE 10240000", "8BITMIME", "DSN");
    private volatile Function<SmtpCommand, String> onEhlo = command -> null;
    private volatile Function<SmtpCommand, String> onMail = command -> "250 2.1.0 Ok";
    private volatile Function<SmtpCommand, String> onRcpt = command -> "250 2.1.5 Ok";
    private volatile Function<SmtpCommand, String> onData = command -> "354 End data with <CR><LF>.<CR><LF>";
    private volatile Function<ReceivedMessage, String> onEndOfData = message -> "250 2.0.0 Ok: queued as Q"
                                                                              + message.sequence();
    private volatile Function<SmtpCommand, String> onAuth = command -> "235 2.7.0 Authentication successful";
    private volatile SSLContext tls;
    private volatile boolean requireTls;

    private ScriptedSmtpServer(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        for (Stage stage : Stage.values()) {
            stageScripts.put(stage, new ConcurrentLinkedQueue<>());
        }
        executor.execute(this::acceptLoop);
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static ScriptedSmtpServer start() throws IOException {
        return start("127.0.0.1", 0);
    }

    /** Starts a server on {@code address} (a loopback address such as 127.0.0.2) and a free port. */
    public static ScriptedSmtpServer start(String address) throws IOException {
        return start(address, 0);
    }

    /** Starts a server on {@code address} and {@code port} (0 for a free one). */
    public static ScriptedSmtpServer start(String address, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        return new ScriptedSmtpServer(socket);
    }

    /** A reply given only after {@code delay}; {@code reply} may be {@link #DROP} to drop the connection then. */
    public static String delayed(Duration delay, String reply) {
        return "<delay " + delay.toMillis() + "ms>" + reply;
    }

    /** A reply after which the server hangs: it neither reads nor answers on that connection until it is closed. */
    public static String stalled(String reply) {
        return STALL + reply;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The address the server listens on, e.g. 127.0.0.1. */
    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    /** The name the server gives in its default greeting and EHLO reply (default scripted.test). */
    public ScriptedSmtpServer hostName(String name) {
        this.hostName = name;
        return this;
    }

    /** The greeting of every connection, e.g. "421 4.3.2 Too busy, try later"; anything but 220 closes it. */
    public ScriptedSmtpServer greeting(String reply) {
        this.onConnect = connection -> reply;
        return this;
    }

    /** The greeting by connection number (1 for the first), e.g. to refuse the first connection only. */
    public ScriptedSmtpServer onConnect(IntFunction<String> reply) {
        this.onConnect = reply;
        return this;
    }

    /**
     * The EHLO keywords announced after the greeting line, e.g. "PIPELINING", "SIZE 1000", "AUTH PLAIN LOGIN".
     * STARTTLS is added by {@link #startTls}, not here.
     */
    public ScriptedSmtpServer extensions(String... keywords) {
        this.extensions = List.of(keywords);
        return this;
    }

    /** Replaces the EHLO reply when the function returns non-null (e.g. "502 5.5.1 Unrecognized command"). */
    public ScriptedSmtpServer onEhlo(Function<SmtpCommand, String> reply) {
        this.onEhlo = reply;
        return this;
    }

    /** The reply to a MAIL FROM line. */
    public ScriptedSmtpServer onMail(Function<SmtpCommand, String> reply) {
        this.onMail = reply;
        return this;
    }

    /** The reply to a RCPT TO line; {@link SmtpCommand#address()} is the recipient. */
    public ScriptedSmtpServer onRcpt(Function<SmtpCommand, String> reply) {
        this.onRcpt = reply;
        return this;
    }

    /** The reply to DATA when at least one recipient was accepted: 354 to receive the message, anything else not. */
    public ScriptedSmtpServer onData(Function<SmtpCommand, String> reply) {
        this.onData = reply;
        return this;
    }

    /**
     * The reply to the final dot, given the message as received. A 2xx reply delivers the message (see
     * {@link #delivered()}); {@link #DROP} or any other reply does not.
     */
    public ScriptedSmtpServer onEndOfData(Function<ReceivedMessage, String> reply) {
        this.onEndOfData = reply;
        return this;
    }

    /**
     * The reply to each AUTH line and to each continuation line of an AUTH exchange (a 334 reply asks for one). The
     * AUTH mechanisms to offer go in {@link #extensions}, e.g. "AUTH PLAIN LOGIN".
     */
    public ScriptedSmtpServer onAuth(Function<SmtpCommand, String> reply) {
        this.onAuth = reply;
        return this;
    }

    /**
     * Queues replies for the next commands at {@code stage}, one each, in order, before the stage's function is asked
     * again: {@code script(Stage.CONNECT, "421 4.3.2 busy")} refuses the next connection only;
     * {@code script(Stage.EOD, DROP, DROP)} drops the next two connections after their final dot.
     */
    public ScriptedSmtpServer script(Stage stage, String... replies) {
        stageScripts.get(stage).addAll(List.of(replies));
        return this;
    }

    /**
     * Queues replies for the next RCPT TO commands naming {@code recipient} (case-insensitively), one each, in order:
     * {@code scriptRecipient("bob@example.org", "450 4.2.0 Greylisted", "450 4.2.0 Greylisted")} greylists Bob's
     * first two attempts; they take precedence over {@link #script} and {@link #onRcpt}.
     */
    public ScriptedSmtpServer scriptRecipient(String recipient, String... replies) {
        recipientScripts.computeIfAbsent(recipient.toLowerCase(Locale.ROOT), r -> new ConcurrentLinkedQueue<>())
                .addAll(List.of(replies));
        return this;
    }

    /**
     * Offers STARTTLS, and after "220 2.0.0 Ready to start TLS" does the server side of the handshake with this
     * context's key. After the handshake the session starts over (the client says EHLO again).
     */
    public ScriptedSmtpServer startTls(SSLContext context) {
        this.tls = context;
        return this;
    }

    /** Offers STARTTLS, then fails every handshake (the server has no usable key) and closes the connection. */
    public ScriptedSmtpServer brokenStartTls() {
        try {
            SSLContext keyless = SSLContext.getInstance("TLS");
            keyless.init(null, null, null);
            this.tls = keyless;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS in this JVM", e);
        }
        return this;
    }

    /** Refuses AUTH, MAIL, RCPT and DATA with 530 until STARTTLS, so that a delivery proves the client encrypted. */
    public ScriptedSmtpServer requireTls() {
        this.requireTls = true;
        return this;
    }

    /** Every command line received, in order, across all connections (AUTH continuation lines included). */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Every message whose final dot was received, whatever the reply to it. */
    public List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    /**
     * The messages delivered: those whose final dot was answered with 2xx. A message is delivered when the server
     * decides so, before it writes the reply, as an MTA commits a message before it says 250: a client that gave up
     * waiting for a {@linkplain #delayed delayed} 250 has still delivered it (the duplicate RFC 5321 section 6.1 warns
     * of). A dropped connection or a 4xx/5xx after the final dot delivers nothing.
     */
    public List<ReceivedMessage> delivered() {
        return List.copyOf(delivered);
    }

    /** How many delivered messages {@code recipient} was a recipient of (case-insensitively): 1 means exactly once. */
    public int deliveredTo(String recipient) {
        return (int) delivered.stream()
                .filter(m -> m.recipients().stream().anyMatch(r -> r.equalsIgnoreCase(recipient)))
                .count();
    }

    /** How many connections were accepted, whatever came of them. */
    public int connections() {
        return connections.get();
    }

    /** Connections open right now. */
    public int openConnections() {
        return openSockets.size();
    }

    /** Closes every open connection without a word, as a server that restarts or times idle clients out does. */
    public void dropConnections() throws IOException {
        for (Socket socket : openSockets) {
            socket.close();
        }
    }

    /**
     * Forgets everything recorded (commands, messages, connection and attempt counts) and every queued reply, so that
     * one server can serve several tests. The functions and settings stay as they are.
     */
    public ScriptedSmtpServer reset() {
        commands.clear();
        messages.clear();
        delivered.clear();
        connections.set(0);
        sequence.set(0);
        attempts.clear();
        stageScripts.values().forEach(Queue::clear);
        recipientScripts.clear();
        return this;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        executor.shutdownNow();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                int connection = connections.incrementAndGet();
                openSockets.add(socket);
                executor.execute(() -> new Session(socket, connection).serve());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private String scripted(Stage stage, Function<SmtpCommand, String> function, SmtpCommand command) {
        String queued = stageScripts.get(stage).poll();
        return queued != null ? queued : function.apply(command);
    }

    private int attempt(String verb, String address) {
        String key = verb + ' ' + address.toLowerCase(Locale.ROOT);
        return attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /** One client connection: the SMTP state machine, with the streams replaced after STARTTLS. */
    private final class Session {

        private Socket socket;
        private final Socket plainSocket;
        private final int connection;
        private InputStream in;
        private OutputStream out;
        private boolean encrypted;
        private String from;
        private final List<String> recipients = new ArrayList<>();

        Session(Socket socket, int connection) {
            this.socket = socket;
            this.plainSocket = socket;
            this.connection = connection;
        }

        void serve() {
            try (Socket plain = socket) {
                plain.setSoTimeout(30_000);
                in = plain.getInputStream();
                out = plain.getOutputStream();
                String greeting = stageScripts.get(Stage.CONNECT).poll();
                if (greeting == null) {
                    greeting = onConnect.apply(connection);
                }
                if (!reply(greeting) || !undelayed(greeting).startsWith("220")) {
                    return;
                }
                converse();
            } catch (IOException e) {
                // the client went away; nothing to record
            } finally {
                openSockets.remove(plainSocket);
                if (socket instanceof SSLSocket) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }

        private void converse() throws IOException {
            int authAttempt = 0;
            boolean inAuth = false;
            String line;
            while ((line = readLine(in)) != null) {
                commands.add(line);
                String verb = verb(line);
                String answer;
                if (inAuth) {
                    answer = scripted(Stage.AUTH, onAuth, new SmtpCommand(line, "AUTH", "", connection, authAttempt));
                    inAuth = undelayed(answer).startsWith("334");
                } else if (verb.equals("EHLO")) {
                    SmtpCommand command = command(line, verb, "");
                    String scripted = scripted(Stage.EHLO, onEhlo, command);
                    answer = scripted != null ? scripted : ehloReply();
                } else if (verb.equals("HELO")) {
                    answer = "250 " + hostName;
                } else if (verb.equals("STARTTLS")) {
                    if (tls == null || encrypted) {
                        answer = "502 5.5.1 Error: STARTTLS not offered";
                    } else {
                        if (!reply("220 2.0.0 Ready to start TLS") || !handshake()) {
                            return;
                        }
                        continue;
                    }
                } else if (requireTls && !encrypted && List.of("AUTH", "MAIL", "RCPT", "DATA").contains(verb)) {
                    answer = "530 5.7.0 Must issue a STARTTLS command first";
                } else if (verb.equals("AUTH")) {
                    SmtpCommand command = command(line, verb, "");
                    authAttempt = command.attempt();
                    answer = scripted(Stage.AUTH, onAuth, command);
                    inAuth = undelayed(answer).startsWith("334");
                } else if (verb.equals("MAIL")) {
                    String sender = between(line, '<', '>');
                    answer = scripted(Stage.MAIL, onMail, command(line, verb, sender));
                    if (undelayed(answer).startsWith("2")) {
                        from = sender;
                        recipients.clear();
                    }
                } else if (verb.equals("RCPT") && from == null) {
                    answer = "503 5.5.1 Error: need MAIL command";
                } else if (verb.equals("RCPT")) {
                    String recipient = between(line, '<', '>');
                    SmtpCommand command = command(line, verb, recipient);
                    Queue<String> forRecipient = recipientScripts.get(recipient.toLowerCase(Locale.ROOT));
                    String queued = forRecipient == null ? null : forRecipient.poll();
                    answer = queued != null ? queued : scripted(Stage.RCPT, onRcpt, command);
                    if (undelayed(answer).startsWith("2")) {
                        recipients.add(recipient);
                    }
                } else if (verb.equals("DATA")) {
                    answer = recipients.isEmpty() ? "554 5.5.1 Error: no valid recipients"
                            : scripted(Stage.DATA, onData, command(line, verb, ""));
                    if (undelayed(answer).startsWith("354")) {
                        if (!reply(answer)) {
                            return;
                        }
                        answer = endOfData();
                    }
                } else if (verb.equals("RSET")) {
                    recipients.clear();
                    from = null;
                    answer = "250 2.0.0 Ok";
                } else if (verb.equals("NOOP")) {
                    answer = "250 2.0.0 Ok";
                } else if (verb.equals("QUIT")) {
                    reply("221 2.0.0 Bye");
                    return;
                } else {
                    answer = "502 5.5.2 Error: command not recognized";
                }
                if (!reply(answer) || undelayed(answer).startsWith("421")) {
                    return; // 421: the server closes the connection (RFC 5321 section 3.8)
                }
            }
        }

        private SmtpCommand command(String line, String verb, String address) {
            return new SmtpCommand(line, verb, address, connection, attempt(verb, address));
        }

        private String endOfData() throws IOException {
            ReceivedMessage message = new ReceivedMessage(sequence.incrementAndGet(), connection, from,
                    List.copyOf(recipients), readData(in));
            messages.add(message);
            String queued = stageScripts.get(Stage.EOD).poll();
            String answer = queued != null ? queued : onEndOfData.apply(message);
            if (undelayed(answer).startsWith("2")) {
                delivered.add(message);
            }
            recipients.clear();
            from = null;
            return answer;
        }

        /** The server side of the TLS handshake; false when it failed (the connection is then closed). */
        private boolean handshake() {
            try {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket,
                        socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                socket = ssl;
                in = ssl.getInputStream();
                out = ssl.getOutputStream();
                encrypted = true;
                from = null;
                recipients.clear();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private String ehloReply() {
            StringBuilder sb = new StringBuilder("250 " + hostName);
            for (String extension : extensions) {
                sb.append('\n').append("250 ").append(extension);
            }
            if (tls != null && !encrypted) {
                sb.append('\n').append("250 STARTTLS");
            }
            return sb.toString();
        }

        /** Writes a reply (multi-line when it has \n), after its delay if any; false to drop the connection. */
        private boolean reply(String reply) throws IOException {
            if (reply == null) {
                return false;
            }
            Matcher delay = DELAY.matcher(reply);
            if (delay.find()) {
                try {
                    Thread.sleep(Long.parseLong(delay.group(1)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false; // the server is closing
                }
                reply = reply.substring(delay.end());
            }
            if (DROP.equals(reply)) {
                return false;
            }
            boolean stall = reply.startsWith(STALL);
            if (stall) {
                reply = reply.substring(STALL.length());
            }
            String[] lines = reply.split("\n");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                String text = lines[i];
                String code = text.substring(0, 3);
                String rest = text.length() > 4 ? text.substring(4) : "";
                sb.append(code).append(i == lines.length - 1 ? ' ' : '-').append(rest).append("\r\n");
            }
            try {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (SocketException e) {
                return false;
            }
            if (stall) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false; // the server is closing
            }
            return true;
        }
    }

    /** The reply without its delay, "" for none: what decides the session's state. */
    private static String undelayed(String reply) {
        return reply == null ? "" : DELAY.matcher(reply.startsWith(STALL) ? reply.substring(STALL.length()) : reply)
                .replaceFirst("");
    }

    private static String verb(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    /** Reads DATA content up to the final dot, undoing dot-stuffing; the bytes are exactly what was sent otherwise. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                line.reset();
                if (bytes.length == 3 && bytes[0] == '.' && bytes[1] == '\r') {
                    return data.toByteArray();
                }
                int from = bytes.length > 1 && bytes[0] == '.' ? 1 : 0;
                data.write(bytes, from, bytes.length - from);
            }
        }
        throw new IOException("Connection closed inside DATA");
    }

    private static String between(String line, char open, char close) {
        int start = line.indexOf(open);
        int end = line.indexOf(close, start + 1);
        return start < 0 || end < 0 ? "" : line.substring(start + 1, end);
    }

    /**
     * A message as the server received it: envelope and content (CRLF line ends, dot-stuffing undone).
     *
     * @param sequence   1 for the first message whose final dot the server received, 2 for the next, ...
     * @param connection the connection it came on (1 for the first)
     * @param sender     the MAIL FROM address (empty for the null sender)
     * @param recipients the recipients the server accepted in this transaction
     * @param content    the message as sent, headers and body
     */
    public record ReceivedMessage(int sequence, int connection, String sender, List<String> recipients,
                                  byte[] content) {

        private static final Pattern FOLDED = Pattern.compile("\r?\n[ \t]+");

        public String contentAsString() {
            return new String(content, StandardCharsets.UTF_8);
        }

        /** The first header of this name (case-insensitively), unfolded, or null: {@code header("Subject")}. */
        public String header(String name) {
            String text = contentAsString();
            int end = text.indexOf("\r\n\r\n");
            String headers = FOLDED.matcher(end < 0 ? text : text.substring(0, end)).replaceAll(" ");
            for (String line : headers.split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /** The Message-ID header, or null: the same on every attempt when a client retries the same message. */
        public String messageId() {
            return header("Message-ID");
        }
    }
}

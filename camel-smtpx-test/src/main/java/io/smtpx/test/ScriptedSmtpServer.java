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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real SMTP server on a loopback address whose every reply can be scripted: the greeting, the reply to each MAIL,
 * RCPT, DATA, AUTH line and to the final dot, including dropping the connection instead of answering. It records every
 * command and every message it received, so tests assert on what actually reached the server. Replies are written as
 * a server would ("550 5.1.1 text"); several lines separated by {@code \n} become a multi-line reply.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** Answer with nothing and close the connection. */
    public static final String DROP = "<drop>";

    private final ServerSocket serverSocket;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "scripted-smtp");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private volatile String greeting = "220 scripted.test ESMTP ready";
    private volatile List<String> extensions = List.of("PIPELINING", "SIZE 10240000", "8BITMIME", "DSN");
    private volatile Function<String, String> onEhlo = line -> null;
    private volatile Function<String, String> onMail = line -> "250 2.1.0 Ok";
    private volatile Function<String, String> onRcpt = line -> "250 2.1.5 Ok";
    private volatile Function<String, String> onData = line -> "354 End data with <CR><LF>.<CR><LF>";
    private volatile Function<ReceivedMessage, String> onEndOfData = message -> "250 2.0.0 Ok: queued as Q"
                                                                              + message.sequence();
    private volatile Function<String, String> onAuth = line -> "235 2.7.0 Authentication successful";

    private ScriptedSmtpServer(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        executor.execute(this::acceptLoop);
    }

    /** Starts a server on {@code address} (a loopback address) and a free port. */
    public static ScriptedSmtpServer start(String address) throws IOException {
        return start(address, 0);
    }

    public static ScriptedSmtpServer start(String address, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        return new ScriptedSmtpServer(socket);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    public ScriptedSmtpServer greeting(String reply) {
        this.greeting = reply;
        return this;
    }

    /** The EHLO keywords announced after the greeting line, e.g. "PIPELINING", "SIZE 1000", "AUTH PLAIN LOGIN". */
    public ScriptedSmtpServer extensions(String... keywords) {
        this.extensions = List.of(keywords);
        return this;
    }

    /** Replaces the EHLO reply when the function returns non-null (e.g. "502 5.5.1 Unrecognized command"). */
    public ScriptedSmtpServer onEhlo(Function<String, String> reply) {
        this.onEhlo = reply;
        return this;
    }

    /** The reply to a MAIL FROM line (given the whole line). */
    public ScriptedSmtpServer onMail(Function<String, String> reply) {
        this.onMail = reply;
        return this;
    }

    /** The reply to a RCPT TO line (given the whole line). */
    public ScriptedSmtpServer onRcpt(Function<String, String> reply) {
        this.onRcpt = reply;
        return this;
    }

    public ScriptedSmtpServer onData(Function<String, String> reply) {
        this.onData = reply;
        return this;
    }

    /** The reply to the final dot, given the message as received. */
    public ScriptedSmtpServer onEndOfData(Function<ReceivedMessage, String> reply) {
        this.onEndOfData = reply;
        return this;
    }

    /** The reply to each AUTH line and to each continuation line of an AUTH exchange. */
    public ScriptedSmtpServer onAuth(Function<String, String> reply) {
        this.onAuth = reply;
        return this;
    }

    /** Every command line received, in order, across all connections. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Every message whose final dot was received (whatever the reply to it). */
    public List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    public int connections() {
        return connections.get();
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
                connections.incrementAndGet();
                executor.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (!reply(out, greeting) || !greeting.startsWith("220")) {
                return;
            }
            String from = null;
            List<String> recipients = new ArrayList<>();
            boolean inAuth = false;
            String line;
            while ((line = readLine(in)) != null) {
                commands.add(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                String answer;
                if (inAuth) {
                    answer = onAuth.apply(line);
                    inAuth = answer != null && answer.startsWith("334");
                } else if (verb.equals("EHLO")) {
                    String scripted = onEhlo.apply(line);
                    answer = scripted != null ? scripted : ehloReply();
                } else if (verb.equals("HELO")) {
                    answer = "250 scripted.test";
                } else if (verb.equals("AUTH")) {
                    answer = onAuth.apply(line);
                    inAuth = answer != null && answer.startsWith("334");
                } else if (verb.equals("MAIL")) {
                    answer = onMail.apply(line);
                    if (answer.startsWith("2")) {
                        from = between(line, '<', '>');
                        recipients.clear();
                    }
                } else if (verb.equals("RCPT") && from == null) {
                    answer = "503 5.5.1 Error: need MAIL command";
                } else if (verb.equals("RCPT")) {
                    answer = onRcpt.apply(line);
                    if (answer.startsWith("2")) {
                        recipients.add(between(line, '<', '>'));
                    }
                } else if (verb.equals("DATA")) {
                    answer = recipients.isEmpty() ? "554 5.5.1 Error: no valid recipients" : onData.apply(line);
                    if (answer.startsWith("354")) {
                        if (!reply(out, answer)) {
                            return;
                        }
                        ReceivedMessage message = new ReceivedMessage(messages.size() + 1, from,
                                List.copyOf(recipients), readData(in));
                        messages.add(message);
                        answer = onEndOfData.apply(message);
                        recipients.clear();
                        from = null;
                    }
                } else if (verb.equals("RSET")) {
                    recipients.clear();
                    from = null;
                    answer = "250 2.0.0 Ok";
                } else if (verb.equals("NOOP")) {
                    answer = "250 2.0.0 Ok";
                } else if (verb.equals("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    answer = "502 5.5.2 Error: command not recognized";
                }
                if (!reply(out, answer)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to record
        }
    }

    private String ehloReply() {
        StringBuilder sb = new StringBuilder("250 scripted.test");
        for (String extension : extensions) {
            sb.append('\n').append("250 ").append(extension);
        }
        return sb.toString();
    }

    /** Writes a reply (multi-line when it has \n); false when the script says to drop the connection. */
    private static boolean reply(OutputStream out, String reply) throws IOException {
        if (reply == null || DROP.equals(reply)) {
            return false;
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
        return true;
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

    /** A message as the server received it: envelope and content (CRLF line ends, dot-stuffing undone). */
    public record ReceivedMessage(int sequence, String sender, List<String> recipients, byte[] content) {

        public String contentAsString() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }
}

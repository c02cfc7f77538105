package io.smtpx.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare SMTP client for the kit's own tests: one line out, one (possibly multi-line) reply back. */
final class SmtpClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final String greeting;

    SmtpClient(ScriptedSmtpServer server) throws IOException {
        socket = new Socket(server.host(), server.port());
        socket.setSoTimeout(5_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        greeting = readReply();
    }

    String greeting() {
        return greeting;
    }

    /** Sends a line, returns the reply (lines joined by \n), or null when the server closed the connection. */
    String send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply();
    }

    /** Sends a line and does not wait for a reply. */
    void sendWithoutReply(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A whole transaction; returns the reply to the final dot (null when the connection was dropped). */
    String mail(String from, String to, String content) throws IOException {
        send("MAIL FROM:<" + from + ">");
        send("RCPT TO:<" + to + ">");
        String data = send("DATA");
        if (data == null || !data.startsWith("354")) {
            return data;
        }
        return send(content.replace("\n", "\r\n") + "\r\n.");
    }

    private String readReply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            reply.append(reply.length() == 0 ? "" : "\n").append(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return reply.toString();
            }
        }
        return reply.length() == 0 ? null : reply.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

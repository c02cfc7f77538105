package io.smtpx.springboot.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.smtpx.delivery.Security;
import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * Asks a relay whether it would take mail: connect (with TLS from the first byte for security=TLS), read the greeting,
 * EHLO, STARTTLS and EHLO again for security=STARTTLS, then QUIT. It never authenticates and never sends a message.
 * <p>
 * This speaks SMTP over plain sockets because the engine's session (io.smtpx.delivery.SmtpSession) is not public
 * yet; the probe belongs in the engine and should move there, so that it shares its TLS policy and reply reading.
 */
public final class RelayProbe {

    /** Replies longer than this, or with more lines, are a misbehaving peer, not an SMTP server. */
    private static final int MAX_LINE = 2048;
    private static final int MAX_LINES = 100;

    private final SSLContext sslContext;
    private final boolean allowLegacyTls;
    private final String heloName;
    private final int timeoutMillis;

    public RelayProbe(SSLContext sslContext, boolean allowLegacyTls, String heloName, Duration timeout) {
        this.sslContext = sslContext;
        this.allowLegacyTls = allowLegacyTls;
        this.heloName = heloName;
        this.timeoutMillis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    }

    public ProbeResult probe(Relay relay) {
        Instant started = Instant.now();
        SmtpStage stage = SmtpStage.CONNECT;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(relay.host(), relay.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            if (relay.security() == Security.TLS) {
                socket = tls(socket, relay);
            }
            SmtpReply greeting = read(socket);
            if (greeting.code() != 220) {
                return ProbeResult.down(relay, started, stage, greeting, "relay refused the connection");
            }
            stage = SmtpStage.EHLO;
            SmtpReply ehlo = command(socket, "EHLO " + heloName);
            if (ehlo.code() != 250) {
                return ProbeResult.down(relay, started, stage, ehlo, "relay refused EHLO");
            }
            if (relay.security() == Security.STARTTLS) {
                stage = SmtpStage.STARTTLS;
                if (!offersStartTls(ehlo)) {
                    quietQuit(socket);
                    return ProbeResult.down(relay, started, stage, ehlo,
                            "relay does not offer STARTTLS, which security=STARTTLS requires");
                }
                SmtpReply ready = command(socket, "STARTTLS");
                if (ready.code() != 220) {
                    return ProbeResult.down(relay, started, stage, ready, "relay refused STARTTLS");
                }
                socket = tls(socket, relay);
                stage = SmtpStage.EHLO;
                ehlo = command(socket, "EHLO " + heloName);
                if (ehlo.code() != 250) {
                    return ProbeResult.down(relay, started, stage, ehlo, "relay refused EHLO after STARTTLS");
                }
            }
            quietQuit(socket);
            return ProbeResult.up(relay, started, greeting);
        } catch (IOException | RuntimeException e) {
            return ProbeResult.failed(relay, started, stage, e);
        } finally {
            closeQuietly(socket);
        }
    }

    private SSLSocket tls(Socket plain, Relay relay) throws IOException {
        SSLSocket ssl = (SSLSocket) sslContext.getSocketFactory().createSocket(plain, relay.host(), relay.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!allowLegacyTls) {
            parameters.setProtocols(Arrays.stream(ssl.getSupportedProtocols())
                    .filter(p -> p.equals("TLSv1.2") || p.equals("TLSv1.3")).toArray(String[]::new));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(timeoutMillis);
        ssl.startHandshake();
        return ssl;
    }

    private static boolean offersStartTls(SmtpReply ehlo) {
        return ehlo.lines().stream().anyMatch(line -> line.strip().toUpperCase(Locale.ROOT).equals("STARTTLS"));
    }

    private SmtpReply command(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read(socket);
    }

    private void quietQuit(Socket socket) {
        try {
            command(socket, "QUIT");
        } catch (IOException e) {
            // the relay answered what the probe asked; a QUIT it does not acknowledge changes nothing
        }
    }

    /** Reads one reply: continuation lines ("250-") up to the last line ("250 "). */
    private static SmtpReply read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream(); // unbuffered: nothing past the reply is taken from the socket
        StringBuilder reply = new StringBuilder();
        for (int lines = 0; lines < MAX_LINES; lines++) {
            String line = readLine(in);
            reply.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return SmtpReply.parse(reply.toString().strip());
            }
        }
        throw new IOException("reply of more than " + MAX_LINES + " lines");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed by the relay");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("reply line longer than " + MAX_LINE + " bytes");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}

package io.smtpx.delivery;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * The SMTP client protocol on one connection (RFC 5321): greeting, EHLO (HELO fallback), STARTTLS, AUTH, then any
 * number of mail transactions, then QUIT. Every reply is kept with its stage; every failure, the server's or the
 * network's, becomes a reply too, so the caller never has to interpret an exception. Not thread-safe: one session
 * belongs to one thread at a time.
 */
final class SmtpSession implements Closeable {

    private final SmtpConnection connection;
    private final SessionSettings settings;
    private final long openedAtNanos = System.nanoTime();
    private ServerCapabilities capabilities = ServerCapabilities.NONE;
    private boolean broken;
    private boolean retired;
    private int transactions;
    /** How far the current transaction got: the stage a broken connection is reported at. */
    private SmtpStage transactionStage = SmtpStage.MAIL;
    /** The 421 the server said before closing, which explains a connection lost right after it better than we can. */
    private SmtpReply closingReply;
    private SmtpReply greeting;

    private SmtpSession(SmtpConnection connection, SessionSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    /**
     * Connects to {@code address} (when given; else to {@code host} as the JVM resolves it) and sets the session up.
     * {@code host} is the name TLS verifies: for direct delivery, the MX host name, whatever address it resolved to.
     */
    static SmtpSession open(String host, InetAddress address, int port, SessionSettings settings,
                            Transcript transcript) throws SessionFailure {
        SmtpConnection connection;
        try {
            connection = SmtpConnection.open(host, address, port, settings, transcript);
        } catch (IOException e) {
            transcript.note("connect failed: " + e);
            String where = address == null ? host : host + "[" + address.getHostAddress() + "]";
            throw new SessionFailure(SmtpStage.CONNECT, LocalReplies.connectFailed(where, port, e));
        }
        SmtpSession session = new SmtpSession(connection, settings);
        try {
            session.handshake();
            return session;
        } catch (SessionFailure failure) {
            session.quitQuietly();
            throw failure;
        }
    }

    /** The server's 220 greeting. */
    SmtpReply greeting() {
        return greeting;
    }

    private void handshake() throws SessionFailure {
        SmtpStage stage = SmtpStage.CONNECT;
        // the set-up is where servers answer in more than one write (TLS session tickets, then a reply)
        connection.acknowledgePromptly(true);
        try {
            if (settings.tlsMode() == TlsMode.IMPLICIT) {
                startTls(SmtpStage.CONNECT);
            }
            greeting = connection.readReply();
            if (greeting.code() != 220) {
                throw new SessionFailure(SmtpStage.CONNECT, greeting);
            }
            stage = SmtpStage.EHLO;
            ehlo();
            if (settings.tlsMode() == TlsMode.STARTTLS_REQUIRED || settings.tlsMode() == TlsMode.STARTTLS_OPPORTUNISTIC
                                                                    && capabilities.startTls()) {
                stage = SmtpStage.STARTTLS;
                if (!capabilities.startTls()) {
                    throw new SessionFailure(stage, LocalReplies.tlsNotOffered(connection.host()));
                }
                SmtpReply ready = command("STARTTLS");
                if (ready.code() != 220) {
                    throw new SessionFailure(stage, ready);
                }
                startTls(stage);
                stage = SmtpStage.EHLO;
                ehlo();
            }
            if (settings.credentials() != null) {
                stage = SmtpStage.AUTH;
                authenticate();
            }
        } catch (IOException e) {
            broken = true;
            throw new SessionFailure(stage, stage == SmtpStage.CONNECT && e instanceof SSLException
                    ? LocalReplies.tlsFailed(connection.host(), e)
                    : LocalReplies.connectionLost(connection.host(), e));
        } finally {
            connection.acknowledgePromptly(false);
        }
    }

    private void startTls(SmtpStage stage) throws SessionFailure {
        try {
            connection.startTls(settings.tls(), settings.connectTimeoutMillis());
        } catch (IOException e) {
            broken = true;
            connection.transcript().note("TLS handshake failed: " + e);
            throw new SessionFailure(stage, LocalReplies.tlsFailed(connection.host(), e));
        }
    }

    private void ehlo() throws IOException, SessionFailure {
        SmtpReply reply = command("EHLO " + settings.heloName());
        if (reply.code() == 250) {
            capabilities = new ServerCapabilities(reply.lines());
            return;
        }
        if (reply.code() >= 500 && reply.code() <= 504) {
            // an old server that does not know EHLO: fall back to HELO, without extensions
            SmtpReply helo = command("HELO " + settings.heloName());
            if (helo.code() == 250) {
                capabilities = ServerCapabilities.NONE;
                return;
            }
            throw new SessionFailure(SmtpStage.EHLO, helo);
        }
        throw new SessionFailure(SmtpStage.EHLO, reply);
    }

    private void authenticate() throws IOException, SessionFailure {
        if (!connection.isEncrypted() && !settings.allowPlaintextAuth()) {
            throw new SessionFailure(SmtpStage.AUTH, LocalReplies.plaintextAuthRefused(connection.host()));
        }
        Credentials credentials = settings.credentials();
        AuthMechanism mechanism = chooseMechanism(credentials);
        SmtpReply reply = switch (mechanism) {
            case PLAIN -> authPlain(credentials);
            case LOGIN -> authLogin(credentials);
            case XOAUTH2 -> authXoauth2(credentials);
        };
        if (reply.code() != 235) {
            throw new SessionFailure(SmtpStage.AUTH, reply);
        }
    }

    private AuthMechanism chooseMechanism(Credentials credentials) throws SessionFailure {
        for (AuthMechanism mechanism : settings.authMechanisms()) {
            boolean usable = mechanism == AuthMechanism.XOAUTH2 ? credentials.hasToken() : credentials.hasPassword();
            if (usable && capabilities.authMechanisms().contains(mechanism)) {
                return mechanism;
            }
        }
        throw new SessionFailure(SmtpStage.AUTH, LocalReplies.noCommonAuthMechanism(connection.host(),
                capabilities.authMechanisms().isEmpty() ? "none" : capabilities.authMechanisms().toString()));
    }

    private SmtpReply authPlain(Credentials credentials) throws IOException {
        String payload = base64("\0" + credentials.username() + "\0" + credentials.password());
        return secretCommand("AUTH PLAIN " + payload, "AUTH PLAIN");
    }

    private SmtpReply authLogin(Credentials credentials) throws IOException {
        SmtpReply reply = command("AUTH LOGIN");
        if (reply.code() != 334) {
            return reply;
        }
        reply = secretCommand(base64(credentials.username()), "");
        if (reply.code() != 334) {
            return reply;
        }
        return secretCommand(base64(credentials.password()), "");
    }

    private SmtpReply authXoauth2(Credentials credentials) throws IOException {
        String token = credentials.tokenSupplier().token();
        SmtpReply reply = xoauth2(credentials.username(), token);
        if (reply.code() == 535 || reply.code() == 334 || reply.code() == 454) {
            // the token may have expired between issue and use: ask for a fresh one, once
            connection.transcript().note("XOAUTH2 token rejected; asking the token supplier for a fresh one");
            reply = xoauth2(credentials.username(), credentials.tokenSupplier().freshToken(token));
        }
        return reply;
    }

    private SmtpReply xoauth2(String username, String token) throws IOException {
        String payload = base64("user=" + username + "\u0001auth=Bearer " + token + "\u0001\u0001");
        SmtpReply reply = secretCommand("AUTH XOAUTH2 " + payload, "AUTH XOAUTH2");
        if (reply.code() == 334) {
            // RFC 7628 style error challenge: an empty response gets the final 535
            reply = command("");
        }
        return reply;
    }

    /**
     * Runs one mail transaction. Never throws: each recipient gets the reply that decided it, and a broken connection
     * becomes a local reply at the stage it broke in ({@link #isBroken()} then says the session is unusable).
     */
    TransactionOutcome send(Envelope envelope, MessageContent content) {
        transactions++;
        List<String> recipients = envelope.recipients();
        // only a server that takes SIZE needs it: for a large message, knowing it costs a pass over the whole message
        long size = capabilities.sizeExtension() ? content.size() : -1;
        if (capabilities.maxSize() > 0 && size > capabilities.maxSize()) {
            return TransactionOutcome.all(recipients, SmtpStage.MAIL,
                    LocalReplies.messageTooLarge(size, capabilities.maxSize()));
        }
        boolean smtpUtf8 = envelope.needsSmtpUtf8();
        if (smtpUtf8 && !capabilities.smtpUtf8()) {
            return TransactionOutcome.all(recipients, SmtpStage.MAIL, LocalReplies.smtpUtf8NotOffered(connection.host()));
        }
        TransactionOutcome.Builder outcome = new TransactionOutcome.Builder(recipients);
        transactionStage = SmtpStage.MAIL;
        try {
            String mail = mailCommand(envelope, size, smtpUtf8, !content.isSevenBit());
            SmtpStage stage = capabilities.pipelining()
                    ? pipelinedEnvelope(envelope, mail, outcome) : sequentialEnvelope(envelope, mail, outcome);
            if (stage != SmtpStage.EOD) {
                reset();
                return outcome.build();
            }
            SmtpDataOutputStream data = new SmtpDataOutputStream(connection.rawOutput());
            content.writeTo(data);
            data.finish();
            connection.transcript().client("<message, " + data.bytesWritten() + " bytes> .");
        } catch (IOException e) {
            broken = true;
            outcome.pending(transactionStage,
                    closingReply != null ? closingReply : LocalReplies.connectionLost(connection.host(), e));
            return outcome.build();
        }
        try {
            outcome.pending(SmtpStage.EOD, read());
        } catch (IOException e) {
            broken = true;
            outcome.uncertain(LocalReplies.lostAfterEndOfData(connection.host(), e));
        }
        return outcome.build();
    }

    /** MAIL, every RCPT and DATA in one write, then their replies in order (RFC 2920). Returns EOD to go on. */
    private SmtpStage pipelinedEnvelope(Envelope envelope, String mail, TransactionOutcome.Builder outcome)
            throws IOException {
        connection.queue(mail);
        for (String recipient : envelope.recipients()) {
            connection.queue(rcptCommand(envelope, recipient));
        }
        connection.queue("DATA");
        connection.flush();
        SmtpReply mailReply = read();
        // a refused MAIL decides every recipient, even when the connection closes before their RCPT replies
        transactionStage = mailReply.isPositive() ? SmtpStage.RCPT : SmtpStage.MAIL;
        for (String recipient : envelope.recipients()) {
            SmtpReply rcptReply = read();
            if (mailReply.isPositive()) {
                outcome.recipient(recipient, SmtpStage.RCPT, rcptReply);
            }
        }
        if (mailReply.isPositive()) {
            transactionStage = SmtpStage.DATA;
        }
        SmtpReply dataReply = read();
        if (!mailReply.isPositive()) {
            outcome.pending(SmtpStage.MAIL, mailReply);
            endDataIfStarted(dataReply);
            return SmtpStage.MAIL;
        }
        if (!outcome.anyAccepted()) {
            endDataIfStarted(dataReply);
            return SmtpStage.RCPT;
        }
        if (dataReply.code() != 354) {
            outcome.pending(SmtpStage.DATA, dataReply);
            return SmtpStage.DATA;
        }
        return SmtpStage.EOD;
    }

    private SmtpStage sequentialEnvelope(Envelope envelope, String mail, TransactionOutcome.Builder outcome)
            throws IOException {
        SmtpReply mailReply = command(mail);
        if (!mailReply.isPositive()) {
            outcome.pending(SmtpStage.MAIL, mailReply);
            return SmtpStage.MAIL;
        }
        transactionStage = SmtpStage.RCPT;
        for (String recipient : envelope.recipients()) {
            outcome.recipient(recipient, SmtpStage.RCPT, command(rcptCommand(envelope, recipient)));
        }
        if (!outcome.anyAccepted()) {
            return SmtpStage.RCPT;
        }
        transactionStage = SmtpStage.DATA;
        SmtpReply dataReply = command("DATA");
        if (dataReply.code() != 354) {
            outcome.pending(SmtpStage.DATA, dataReply);
            return SmtpStage.DATA;
        }
        return SmtpStage.EOD;
    }

    /**
     * A pipelining server may answer DATA with 354 although no recipient was accepted (RFC 2920 section 3.1): the
     * client must then send an empty message, which the server will refuse, rather than leave the session hanging.
     */
    private void endDataIfStarted(SmtpReply dataReply) throws IOException {
        if (dataReply.code() == 354) {
            connection.send(".");
            connection.readReply();
        }
    }

    private String mailCommand(Envelope envelope, long size, boolean smtpUtf8, boolean mayBeEightBit) {
        StringBuilder mail = new StringBuilder(64).append("MAIL FROM:<").append(envelope.sender()).append('>');
        if (mayBeEightBit && capabilities.eightBitMime()) {
            mail.append(" BODY=8BITMIME");
        }
        if (smtpUtf8) {
            mail.append(" SMTPUTF8");
        }
        if (capabilities.sizeExtension() && size > 0) {
            mail.append(" SIZE=").append(size);
        }
        DsnRequest dsn = envelope.dsn();
        if (dsn != null && capabilities.dsn()) {
            if (dsn.ret() != null) {
                mail.append(" RET=").append(dsn.ret().toUpperCase(Locale.ROOT));
            }
            if (dsn.envelopeId() != null) {
                mail.append(" ENVID=").append(XText.encode(dsn.envelopeId()));
            }
        }
        return mail.toString();
    }

    private String rcptCommand(Envelope envelope, String recipient) {
        DsnRequest dsn = envelope.dsn();
        if (dsn == null || dsn.notifyOn() == null || !capabilities.dsn()) {
            return "RCPT TO:<" + recipient + ">";
        }
        return "RCPT TO:<" + recipient + "> NOTIFY=" + dsn.notifyOn().toUpperCase(Locale.ROOT).replace(" ", "")
               + " ORCPT=rfc822;" + XText.encode(recipient);
    }

    /** RSET after a failed transaction so the session is clean for the next one. */
    private void reset() throws IOException {
        SmtpReply reply = command("RSET");
        if (reply.code() != 250) {
            broken = true;
        }
    }

    private SmtpReply command(String line) throws IOException {
        connection.send(line);
        return read();
    }

    /** Reads a reply; a 421 means the server is closing the connection (RFC 5321 section 3.8), whatever the stage. */
    private SmtpReply read() throws IOException {
        SmtpReply reply = connection.readReply();
        if (reply.code() == 421) {
            broken = true;
            closingReply = reply;
        }
        return reply;
    }

    /** NOOP, to find out whether an idle connection still works. */
    boolean isAlive() {
        try {
            return !broken && command("NOOP").code() == 250;
        } catch (IOException e) {
            broken = true;
            return false;
        }
    }

    /** How many mail transactions this session has carried. */
    int transactions() {
        return transactions;
    }

    /** How long ago the connection was opened. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - openedAtNanos);
    }

    /** The limits the server announced for this session (RFC 9422 LIMITS). */
    ServerLimits limits() {
        return capabilities.limits();
    }

    /**
     * True when the session still works, has not been retired, and the server takes another transaction on it (its
     * LIMITS MAILMAX).
     */
    boolean takesAnotherTransaction() {
        return !broken && !retired && capabilities.limits().allowsTransactionAfter(transactions);
    }

    /**
     * No more transactions on this session: its server refused one for now, which on a session that has carried
     * messages may mean "not on this connection any more". It is closed politely when given back to the pool.
     */
    void retire() {
        retired = true;
    }

    /** From now on, record the conversation into {@code transcript}. */
    void recordInto(Transcript transcript) {
        connection.transcript(transcript);
    }

    Transcript transcript() {
        return connection.transcript();
    }

    private SmtpReply secretCommand(String line, String shown) throws IOException {
        connection.sendSecret(line, shown);
        return connection.readReply();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** True once the connection failed; the session must not be used again. */
    boolean isBroken() {
        return broken;
    }

    String remoteHost() {
        return connection.host() + ":" + connection.port();
    }

    /** QUIT politely, then close, without failing: the messages' fate is already decided. */
    void quitQuietly() {
        try {
            if (!broken) {
                command("QUIT");
            }
        } catch (IOException ignored) {
            // the server may close before answering QUIT
        } finally {
            connection.close();
        }
    }

    @Override
    public void close() {
        quitQuietly();
    }

    /** The replies of one transaction, per recipient. */
    record RecipientReply(String recipient, SmtpStage stage, SmtpReply reply, boolean uncertain) {
    }

    /** What one transaction produced: a reply for every recipient of the envelope. */
    record TransactionOutcome(List<RecipientReply> replies) {

        /**
         * MAIL was refused for now (4xx: 421 closing, or e.g. "451 4.5.3 No more transactions allowed" from a server
         * that caps transactions per session without saying so), or the connection was found closed at MAIL: no
         * recipient can have been accepted, so the transaction may be repeated on another session without risk of a
         * duplicate.
         */
        boolean failedBeforeAnyRecipient() {
            return !replies.isEmpty() && replies.stream().allMatch(r -> r.stage() == SmtpStage.MAIL
                    && r.reply().code() / 100 == 4);
        }

        static TransactionOutcome all(List<String> recipients, SmtpStage stage, SmtpReply reply) {
            List<RecipientReply> replies = new ArrayList<>(recipients.size());
            for (String recipient : recipients) {
                replies.add(new RecipientReply(recipient, stage, reply, false));
            }
            return new TransactionOutcome(replies);
        }

        /**
         * Collects replies as they come: refused recipients are final at RCPT; accepted ones stay pending until the
         * DATA or end-of-data reply decides them.
         */
        static final class Builder {
            private final List<String> recipients;
            private final List<RecipientReply> decided = new ArrayList<>();
            private final List<String> accepted = new ArrayList<>();

            Builder(List<String> recipients) {
                this.recipients = recipients;
            }

            void recipient(String recipient, SmtpStage stage, SmtpReply reply) {
                if (reply.isPositive()) {
                    accepted.add(recipient);
                } else {
                    decided.add(new RecipientReply(recipient, stage, reply, false));
                }
            }

            boolean anyAccepted() {
                return !accepted.isEmpty();
            }

            /** Decides every recipient not yet decided: the accepted ones, or all when none was asked yet. */
            void pending(SmtpStage stage, SmtpReply reply) {
                for (String recipient : undecided()) {
                    decided.add(new RecipientReply(recipient, stage, reply, false));
                }
            }

            void uncertain(SmtpReply reply) {
                for (String recipient : undecided()) {
                    decided.add(new RecipientReply(recipient, SmtpStage.EOD, reply, true));
                }
            }

            private List<String> undecided() {
                List<String> open = new ArrayList<>();
                for (String recipient : recipients) {
                    if (decided.stream().noneMatch(r -> r.recipient().equals(recipient))) {
                        open.add(recipient);
                    }
                }
                return open;
            }

            TransactionOutcome build() {
                List<RecipientReply> ordered = new ArrayList<>(recipients.size());
                for (String recipient : recipients) {
                    decided.stream().filter(r -> r.recipient().equals(recipient)).findFirst().ifPresent(ordered::add);
                }
                return new TransactionOutcome(ordered);
            }
        }
    }
}

package io.smtpx.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import io.smtpx.reply.SmtpReply;

/**
 * The replies the engine makes up for failures no server answered, with RFC 3463 codes (DESIGN.md section 4), so that
 * they are classified like any other reply.
 */
final class LocalReplies {

    private LocalReplies() {
    }

    /** Opening a connection (and, for implicit TLS, its handshake) failed. */
    static SmtpReply connectFailed(String host, int port, IOException e) {
        String where = host + ":" + port;
        if (e instanceof UnknownHostException) {
            return SmtpReply.local(451, "4.4.3", "Cannot resolve host name " + host);
        }
        if (e instanceof SSLException) {
            return tlsFailed(where, e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return SmtpReply.local(421, "4.4.1", "Connection refused by " + where + " (" + e.getMessage() + ")");
        }
        if (e instanceof SocketTimeoutException) {
            return SmtpReply.local(421, "4.4.1", "Connection to " + where + " timed out");
        }
        return SmtpReply.local(421, "4.4.1", "Cannot connect to " + where + " (" + describe(e) + ")");
    }

    /** The connection broke or a reply timed out in the middle of a session. */
    static SmtpReply connectionLost(String host, IOException e) {
        String what = e instanceof SocketTimeoutException ? "Timed out waiting for " + host : "Connection to " + host
                                                                                             + " lost";
        return SmtpReply.local(421, "4.4.2", what + " (" + describe(e) + ")");
    }

    /** For the recipients of later transactions, after the connection broke during an earlier one of the message. */
    static SmtpReply notAttempted(String host) {
        return SmtpReply.local(421, "4.4.2", "Not attempted: the connection to " + host + " was lost");
    }

    /** The connection broke after the final dot and before the reply: the server may have taken the message. */
    static SmtpReply lostAfterEndOfData(String host, IOException e) {
        return SmtpReply.local(451, "4.4.2", "Connection lost after end of data, before " + host
                                             + " replied; the message may have been delivered (" + describe(e) + ")");
    }

    static SmtpReply tlsNotOffered(String host) {
        return SmtpReply.local(454, "4.7.4", "TLS is required, but was not offered by " + host);
    }

    static SmtpReply tlsFailed(String host, IOException e) {
        return SmtpReply.local(454, "4.7.5", "TLS handshake with " + host + " failed: " + describe(e));
    }

    static SmtpReply plaintextAuthRefused(String host) {
        return SmtpReply.local(530, "5.7.10", "Credentials are not sent to " + host
                                              + " over an unencrypted connection");
    }

    static SmtpReply noCommonAuthMechanism(String host, String offered) {
        return SmtpReply.local(504, "5.7.4", "No authentication mechanism in common with " + host + " (it offers: "
                                             + offered + ")");
    }

    static SmtpReply messageTooLarge(long size, long limit) {
        return SmtpReply.local(552, "5.3.4", "Message size " + size + " exceeds the server's limit of " + limit
                                             + " bytes; not sent");
    }

    static SmtpReply smtpUtf8NotOffered(String host) {
        return SmtpReply.local(553, "5.6.7", "Non-ASCII address, but " + host + " does not offer SMTPUTF8");
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}

package io.smtpx.example;

import java.io.IOException;

import io.smtpx.test.ScriptedSmtpServer;
import io.smtpx.test.ScriptedSmtpServer.ReceivedMessage;

/**
 * A stand-in for a real relay, so that the example runs anywhere: camel-smtpx-test's SMTP server on loopback, accepting
 * every recipient except {@link #UNKNOWN_RECIPIENT}, which it refuses the way Postfix refuses a mailbox it does not
 * host, and printing each message it receives.
 */
final class DemoMailServer {

    static final String UNKNOWN_RECIPIENT = "nobody@example.org";
    /** Postfix's reply for an address its virtual mailbox table does not list. */
    static final String USER_UNKNOWN = "550 5.1.1 <" + UNKNOWN_RECIPIENT
                                       + ">: Recipient address rejected: User unknown in virtual mailbox table";
    /** Postfix-like queue ids (4A1B1, 4A1B2, ...), so that the logged CamelSmtpxQueueId looks like a real one. */
    private static final int FIRST_QUEUE_ID = 0x4A1B0;

    private DemoMailServer() {
    }

    /** Starts a server on 127.0.0.1 and a free port, so that it never collides with a mail server on this machine. */
    static ScriptedSmtpServer start() throws IOException {
        ScriptedSmtpServer smtp = ScriptedSmtpServer.start().hostName("mx.example.org");
        smtp.onRcpt(rcpt -> {
            if (UNKNOWN_RECIPIENT.equalsIgnoreCase(rcpt.address())) {
                System.out.println("[smtp server] RCPT TO:<" + rcpt.address() + "> refused: " + USER_UNKNOWN);
                return USER_UNKNOWN;
            }
            return "250 2.1.5 Ok";
        });
        smtp.onEndOfData(message -> {
            String queueId = Integer.toHexString(FIRST_QUEUE_ID + message.sequence()).toUpperCase();
            System.out.println("[smtp server] received " + queueId + ": MAIL FROM:<" + message.sender() + "> RCPT TO:"
                               + message.recipients()
                               + "\n              Subject: " + header(message, "Subject")
                               + "\n              To: " + header(message, "To")
                               + "\n              Cc: " + header(message, "Cc")
                               + "\n              Bcc: " + header(message, "Bcc"));
            return "250 2.0.0 Ok: queued as " + queueId;
        });
        System.out.println("[smtp server] listening on " + smtp.host() + ":" + smtp.port() + ", refusing <"
                           + UNKNOWN_RECIPIENT + ">");
        return smtp;
    }

    private static String header(ReceivedMessage message, String name) {
        String value = message.header(name);
        return value == null ? "(none)" : value;
    }
}

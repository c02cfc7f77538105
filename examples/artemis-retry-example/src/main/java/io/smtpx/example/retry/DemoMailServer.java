package io.smtpx.example.retry;

import java.io.IOException;

import io.smtpx.test.ScriptedSmtpServer;

/**
 * A stand-in for a real relay, from camel-smtpx-test: Postfix-like replies, with {@link #GREYLISTED} greylisted on
 * its first two attempts (as Postgrey does until the sender comes back) and {@link #UNKNOWN} refused for good.
 */
final class DemoMailServer {

    static final String GREYLISTED = "bob@example.org";
    static final String UNKNOWN = "nobody@example.org";

    private DemoMailServer() {
    }

    static ScriptedSmtpServer start() throws IOException {
        ScriptedSmtpServer smtp = ScriptedSmtpServer.start().hostName("mx.example.org");
        smtp.onRcpt(rcpt -> {
            String reply = "250 2.1.5 Ok";
            if (rcpt.address().equals(UNKNOWN)) {
                reply = "550 5.1.1 <" + UNKNOWN + ">: Recipient address rejected: User unknown in virtual mailbox table";
            } else if (rcpt.address().equals(GREYLISTED) && rcpt.attempt() <= 2) {
                reply = "450 4.2.0 <" + GREYLISTED + ">: Recipient address rejected: Greylisted, try again later";
            }
            System.out.println("[smtp server] RCPT TO:<" + rcpt.address() + "> (attempt " + rcpt.attempt() + "): "
                               + reply);
            return reply;
        });
        smtp.onEndOfData(message -> {
            System.out.println("[smtp server] delivered " + message.messageId() + " to " + message.recipients());
            return "250 2.0.0 Ok: queued as 4A1B" + message.sequence();
        });
        System.out.println("[smtp server] listening on " + smtp.host() + ":" + smtp.port());
        return smtp;
    }
}

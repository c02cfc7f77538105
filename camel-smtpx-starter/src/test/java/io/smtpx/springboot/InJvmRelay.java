package io.smtpx.springboot;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.smtpx.test.ScriptedSmtpServer;

/**
 * The starter tests' relay: the test kit's scripted SMTP server on 127.0.0.1, accepting every recipient except those
 * whose local part starts with "unknown" (550 5.1.1) or "busy" (450 4.2.1).
 */
final class InJvmRelay {

    private InJvmRelay() {
    }

    static ScriptedSmtpServer start() {
        try {
            return ScriptedSmtpServer.start("127.0.0.1").onRcpt(rcpt -> {
                if (rcpt.address().startsWith("unknown")) {
                    return "550 5.1.1 <" + rcpt.address() + ">: Recipient address rejected: User unknown";
                }
                if (rcpt.address().startsWith("busy")) {
                    return "450 4.2.1 <" + rcpt.address() + ">: Mailbox busy, try again later";
                }
                return "250 2.1.5 Ok";
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

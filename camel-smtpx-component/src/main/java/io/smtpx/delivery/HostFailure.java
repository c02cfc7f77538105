package io.smtpx.delivery;

import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * An MX host passed over during direct delivery, and why: it could not be reached, greeted with an error, refused
 * EHLO or MAIL for now, or failed TLS.
 *
 * @param server the host as {@code name[address]:port}
 * @param stage  where it failed
 * @param reply  its reply, or the local one standing for the failure
 */
public record HostFailure(String server, SmtpStage stage, SmtpReply reply) {

    /** One line for logs and reports. */
    public String describe() {
        return server + " at " + stage + ": " + reply.toString().replace('\n', ' ');
    }
}

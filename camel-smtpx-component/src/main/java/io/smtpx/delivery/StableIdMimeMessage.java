package io.smtpx.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MIME message whose Message-ID, once set (by the route or on first save), never changes: Jakarta Mail would make a
 * new one on every save, and a retried message must keep its identity so that receivers can tell a duplicate.
 */
public class StableIdMimeMessage extends MimeMessage {

    public StableIdMimeMessage(Session session) {
        super(session);
    }

    /** A copy of {@code source}, keeping its Message-ID. */
    public StableIdMimeMessage(MimeMessage source) throws MessagingException {
        super(source);
    }

    /** Gives the message a Message-ID now if it has none, as a save would. */
    void assignMessageId() throws MessagingException {
        updateMessageID();
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        if (getHeader("Message-ID") == null) {
            super.updateMessageID();
        }
    }
}

package io.smtpx.camel;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import io.smtpx.delivery.InvalidMessageException;

/**
 * The addresses a message's envelope is made of: its From (or, without one, its Sender) and its To, Cc and Bcc, in
 * that order, as {@link MimeMessage#getFrom()} and {@link MimeMessage#getAllRecipients()} give them.
 */
record MessageAddresses(InternetAddress[] from, InternetAddress[] recipients) {

    /** Read from the message's headers. */
    static MessageAddresses of(MimeMessage message) {
        try {
            return new MessageAddresses(internet(message.getFrom()), internet(message.getAllRecipients()));
        } catch (MessagingException e) {
            throw new InvalidMessageException("Malformed address: " + e.getMessage());
        }
    }

    private static InternetAddress[] internet(Address[] addresses) {
        if (addresses == null) {
            return new InternetAddress[0];
        }
        InternetAddress[] internet = new InternetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            if (!(addresses[i] instanceof InternetAddress address)) {
                throw new InvalidMessageException("Not a mail address: " + addresses[i]); // a newsgroup, say
            }
            internet[i] = address;
        }
        return internet;
    }
}

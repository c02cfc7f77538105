package io.smtpx.delivery;

/**
 * A message that must not reach a server: a missing sender or recipient, a malformed address, CR/LF in an address or
 * header. Thrown before any connection is opened; nothing was sent.
 */
public class InvalidMessageException extends IllegalArgumentException {

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}

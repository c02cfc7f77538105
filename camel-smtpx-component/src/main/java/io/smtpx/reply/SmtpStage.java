package io.smtpx.reply;

/**
 * The step of an SMTP session a reply answers. The same code means different things at different stages: 552 to
 * RCPT is a full mailbox, 552 to the final dot a message that is too large.
 */
public enum SmtpStage {
    /** Opening the connection and the server's greeting. */
    CONNECT,
    /** EHLO, or HELO when EHLO is refused. */
    EHLO,
    /** STARTTLS and the TLS handshake that follows it. */
    STARTTLS,
    /** AUTH and its exchange of challenges. */
    AUTH,
    /** MAIL FROM. */
    MAIL,
    /** RCPT TO, once per recipient. */
    RCPT,
    /** The DATA command itself (354 expected). */
    DATA,
    /** The reply to the final dot: the server's verdict on the message. */
    EOD
}

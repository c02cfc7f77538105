package io.smtpx.test;

/**
 * One command line as {@link ScriptedSmtpServer} received it, with what a script needs to answer it differently per
 * connection and per attempt.
 *
 * @param line       the whole line as sent, without CRLF, e.g. {@code RCPT TO:<bob@example.org> NOTIFY=FAILURE}; for
 *                   a continuation line of an AUTH exchange, the client's (base64) answer, possibly empty
 * @param verb       the command in upper case: EHLO, HELO, AUTH, MAIL, RCPT, DATA, ...; AUTH for the continuation
 *                   lines of an AUTH exchange
 * @param address    for MAIL and RCPT the address between the angle brackets as sent (empty for the null sender
 *                   {@code <>}); otherwise empty
 * @param connection which connection the command came on: 1 for the first one the server accepted, 2 for the next
 * @param attempt    how many times the server has seen this command, this one included, across all connections:
 *                   RCPT and MAIL count per address (case-insensitively), so the third {@code RCPT TO:<bob@...>} is
 *                   attempt 3 whatever other recipients came in between; other commands count per verb (an AUTH
 *                   exchange's continuation lines share the attempt of its AUTH line)
 */
public record SmtpCommand(String line, String verb, String address, int connection, int attempt) {

    /** Whether the line contains {@code text}, e.g. {@code command.contains("bad@")}. */
    public boolean contains(CharSequence text) {
        return line.contains(text);
    }

    @Override
    public String toString() {
        return line;
    }
}

package io.smtpx.delivery;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes message content as the DATA phase needs it (RFC 5321 section 4.5.2): every line ends in CRLF, whatever the
 * input used (bare CR and bare LF become CRLF, so the content cannot smuggle an end of data past another server), and
 * a line starting with a dot gets a second one. {@link #finish()} ends the last line and writes the final dot. Writes
 * straight into the connection's own buffered stream: runs of ordinary bytes go in one call, no copy of our own.
 */
final class SmtpDataOutputStream extends FilterOutputStream {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END_OF_DATA = {'.', '\r', '\n'};
    private static final byte[] CRLF_END_OF_DATA = {'\r', '\n', '.', '\r', '\n'};

    private boolean atLineStart = true;
    private boolean lastWasCr;
    private long bytesWritten;

    SmtpDataOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n') {
            if (lastWasCr) {
                lastWasCr = false;
                return; // the CRLF was already written for the CR
            }
            newLine();
            return;
        }
        lastWasCr = false;
        if (b == '\r') {
            newLine();
            lastWasCr = true;
            return;
        }
        if (atLineStart && b == '.') {
            out.write('.');
            bytesWritten++;
        }
        atLineStart = false;
        out.write(b);
        bytesWritten++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (lastWasCr || atLineStart) {
                // the byte after a CR, or the first of a line (a dot to double): one at a time
                write(b[i++]);
                continue;
            }
            // the run of ordinary bytes up to the next line break, in one call
            int run = i;
            while (run < end && b[run] != '\r' && b[run] != '\n') {
                run++;
            }
            out.write(b, i, run - i);
            bytesWritten += run - i;
            if (run < end) {
                write(b[run]);
                run++;
            }
            i = run;
        }
    }

    private void newLine() throws IOException {
        out.write(CRLF);
        bytesWritten += 2;
        atLineStart = true;
    }

    /** Ends the content: a CRLF if the last line lacks one, then ".CRLF", and flushes. Does not close the socket. */
    void finish() throws IOException {
        byte[] tail = atLineStart ? END_OF_DATA : CRLF_END_OF_DATA;
        out.write(tail);
        bytesWritten += tail.length;
        out.flush();
    }

    /** Bytes written to the wire so far, stuffing and line ends included. */
    long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void close() {
        // the socket outlives the message
    }
}

package io.smtpx.delivery;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes message content as the DATA phase needs it (RFC 5321 section 4.5.2): every line ends in CRLF, whatever the
 * input used (bare CR and bare LF become CRLF, so the content cannot smuggle an end of data past another server), and
 * a line starting with a dot gets a second one. {@link #finish()} ends the last line and writes the final dot. Writes
 * straight into the connection's own buffered stream: runs of bytes go in one call, no copy of our own.
 */
final class SmtpDataOutputStream extends FilterOutputStream {

    private static final byte[] END_OF_DATA = {'.', '\r', '\n'};
    private static final byte[] CRLF_END_OF_DATA = {'\r', '\n', '.', '\r', '\n'};

    private boolean atLineStart = true;
    private boolean lastWasCr;
    private long bytesWritten;
    private final byte[] single = new byte[1];

    SmtpDataOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        single[0] = (byte) b;
        write(single, 0, 1);
    }

    /**
     * Passes the bytes on in as few calls as it can: content whose lines already end in CRLF and start with no dot
     * goes in one call; a byte is added only where a line end lacks its CR or LF, or a line starts with a dot.
     */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int pending = off; // the first byte not yet passed on
        int i = off;
        while (i < end) {
            if (lastWasCr) {
                lastWasCr = false;
                atLineStart = true;
                if (b[i] == '\n') {
                    i++;
                    continue; // the CRLF goes on with the run
                }
                pending = passOn(b, pending, i, '\n'); // a bare CR: complete its line end
            }
            if (atLineStart) {
                atLineStart = false; // set again below if this line is empty
                if (b[i] == '.') {
                    pending = passOn(b, pending, i, '.');
                }
            }
            while (i < end && b[i] != '\r' && b[i] != '\n') {
                i++;
            }
            if (i < end) {
                if (b[i] == '\r') {
                    lastWasCr = true;
                } else {
                    pending = passOn(b, pending, i, '\r'); // a bare LF: give it its CR
                    atLineStart = true;
                }
                i++;
            }
        }
        passOn(b, pending, end);
    }

    /** Passes on the bytes from {@code from} up to {@code to}, then {@code added}; returns {@code to}. */
    private int passOn(byte[] b, int from, int to, char added) throws IOException {
        passOn(b, from, to);
        out.write(added);
        bytesWritten++;
        return to;
    }

    private void passOn(byte[] b, int from, int to) throws IOException {
        if (to > from) {
            out.write(b, from, to - from);
            bytesWritten += to - from;
        }
    }

    /** Ends the content: a CRLF if the last line lacks one, then ".CRLF", and flushes. Does not close the socket. */
    void finish() throws IOException {
        if (lastWasCr) {
            out.write('\n');
            bytesWritten++;
            lastWasCr = false;
            atLineStart = true;
        }
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

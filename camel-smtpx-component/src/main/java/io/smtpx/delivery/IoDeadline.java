package io.smtpx.delivery;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The deadline of the one blocking operation under way on a connection: connecting, a TLS handshake, waiting for the
 * server's next bytes or handing it more. When it passes, the {@link DeadlineWatchdog} closes the TCP socket, which
 * ends the operation with an exception; {@link #translate} turns that into the {@link SocketTimeoutException} it
 * stands for.
 *
 * <p>Why not the JDK's own timeouts: SO_TIMEOUT covers reads only, so a server that stopped taking a message's data
 * held a thread for good; and a timed read or connect switches the socket to non-blocking mode, after which every
 * reply costs a failed read(2) and a poll(2) before the read that gets it.
 */
final class IoDeadline {

    private final Socket tcp;
    // guarded by this
    private boolean armed;
    private long expiresAt;
    private String missed;
    private int timeoutMillis;
    private volatile boolean expired;

    private IoDeadline(Socket tcp) {
        this.tcp = tcp;
    }

    /** Watches {@code tcp} until {@link #release}. */
    static IoDeadline watch(Socket tcp) {
        IoDeadline deadline = new IoDeadline(tcp);
        DeadlineWatchdog.watch(deadline);
        return deadline;
    }

    /**
     * Starts the clock for one operation. {@code missed} says what did not happen in time, e.g. "no reply"; a
     * {@code timeoutMillis} of 0 or less means no limit.
     */
    private synchronized void arm(int timeoutMillis, String missed) {
        if (timeoutMillis > 0) {
            this.expiresAt = System.nanoTime() + timeoutMillis * 1_000_000L;
            this.timeoutMillis = timeoutMillis;
            this.missed = missed;
            this.armed = true;
        }
    }

    private synchronized void disarm() {
        armed = false;
    }

    /** Called by the watchdog: closes the socket when the operation under way has run out of time. */
    void expireIfDue(long now) {
        synchronized (this) {
            if (!armed || now - expiresAt < 0) {
                return;
            }
            armed = false;
            expired = true;
        }
        try {
            tcp.close();
        } catch (IOException ignored) {
            // the blocked operation ends either way
        }
    }

    /** The exception to throw for {@code failure}: a timeout when this deadline closed the socket, else itself. */
    private IOException translate(IOException failure) {
        if (!expired) {
            return failure;
        }
        String what;
        int millis;
        synchronized (this) {
            what = missed;
            millis = timeoutMillis;
        }
        SocketTimeoutException timeout = new SocketTimeoutException(what + " within " + millis + " ms");
        timeout.initCause(failure);
        return timeout;
    }

    void release() {
        DeadlineWatchdog.forget(this);
    }

    /** Runs one blocking step (a connect, a handshake) under a deadline of its own. */
    void within(int timeoutMillis, String missed, Step step) throws IOException {
        arm(timeoutMillis, missed);
        try {
            step.run();
        } catch (IOException e) {
            throw translate(e);
        } finally {
            disarm();
        }
    }

    /** A blocking step. */
    interface Step {
        void run() throws IOException;
    }

    /** {@code in}, each of whose reads must return within {@code timeoutMillis}. */
    InputStream guard(InputStream in, int timeoutMillis) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                arm(timeoutMillis, "no reply");
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw translate(e);
                } finally {
                    disarm();
                }
            }
        };
    }

    /** {@code out}, each of whose writes must be taken within {@code timeoutMillis}. */
    OutputStream guard(OutputStream out, int timeoutMillis) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                arm(timeoutMillis, "the server took no data");
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw translate(e);
                } finally {
                    disarm();
                }
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw translate(e);
                }
            }
        };
    }
}

package io.smtpx.delivery;

import java.net.InetAddress;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;

import io.smtpx.reply.SmtpReply;
import io.smtpx.reply.SmtpStage;

/**
 * Open SMTP sessions kept between messages, per destination (server address, port and session settings, so that
 * sessions with other credentials or TLS are never shared), on Apache Commons Pool. A session serves one delivery at
 * a time; it is checked with NOOP before reuse after being idle, closed after {@code maxMessagesPerSession}
 * transactions (fewer when the server announces a lower LIMITS MAILMAX), at {@code maxSessionAge} or after
 * {@code idleTimeout}, discarded as soon as it broke, and every session is closed with the pool.
 */
public final class SessionPool implements AutoCloseable {

    private final PoolSettings settings;
    private final GenericKeyedObjectPool<Destination, SmtpSession> pool;

    public SessionPool(PoolSettings settings) {
        this.settings = settings;
        GenericKeyedObjectPoolConfig<SmtpSession> config = new GenericKeyedObjectPoolConfig<>();
        config.setMaxTotalPerKey(settings.reuses() ? settings.maxSessionsPerDestination() : -1);
        config.setMaxIdlePerKey(settings.reuses() ? settings.maxSessionsPerDestination() : 0);
        config.setMaxTotal(-1);
        config.setBlockWhenExhausted(true);
        config.setMaxWait(settings.borrowTimeout());
        config.setTestOnBorrow(true);
        config.setLifo(true); // the most recently used session is the least likely to have been closed by the server
        config.setJmxEnabled(false);
        if (settings.reuses() && !settings.idleTimeout().isZero()) {
            config.setMinEvictableIdleDuration(settings.idleTimeout());
            config.setTimeBetweenEvictionRuns(max(settings.idleTimeout().dividedBy(2), Duration.ofSeconds(1)));
        }
        this.pool = new GenericKeyedObjectPool<>(new SessionFactory(), config);
    }

    /**
     * A session to {@code host} (connected to {@code address} when given), recording into {@code transcript}: an idle
     * one when there is one, else a new one.
     */
    SmtpSession acquire(Destination destination, Transcript transcript) throws SessionFailure {
        SmtpSession session;
        try {
            session = pool.borrowObject(destination);
        } catch (SetupFailure failure) {
            transcript.append(failure.transcript);
            throw failure.failure;
        } catch (NoSuchElementException e) {
            throw new SessionFailure(SmtpStage.CONNECT, SmtpReply.local(451, "4.4.5", "All "
                    + settings.maxSessionsPerDestination() + " sessions to " + destination.host() + ":"
                    + destination.port()
                    + " stayed busy for " + settings.borrowTimeout() + "; raise maxSessionsPerDestination"));
        } catch (Exception e) {
            throw new IllegalStateException("Session pool failure: " + e, e);
        }
        if (session.transactions() == 0) {
            transcript.append(session.transcript());
        } else {
            transcript.note("reusing the session to " + session.remoteHost() + " (" + session.transactions()
                            + " message(s) sent on it)");
        }
        session.recordInto(transcript);
        return session;
    }

    /**
     * Gives a session back after a delivery: kept for the next one unless it broke or has carried enough, by our
     * {@code maxMessagesPerSession} or {@code maxSessionAge} or by the server's LIMITS MAILMAX.
     */
    void release(SmtpSession session, Destination destination) {
        session.recordInto(new Transcript());
        try {
            if (spent(session)) {
                pool.invalidateObject(destination, session);
            } else {
                pool.returnObject(destination, session);
            }
        } catch (Exception e) {
            session.quitQuietly();
        }
    }

    /** Closes the idle sessions to a destination: after one turned out dead, the others likely are too. */
    void discardIdle(Destination destination) {
        pool.clear(destination);
    }

    /** Sessions in use and idle, for all destinations. */
    public int activeSessions() {
        return pool.getNumActive();
    }

    public int idleSessions() {
        return pool.getNumIdle();
    }

    public boolean isClosed() {
        return pool.isClosed();
    }

    public boolean reuses() {
        return settings.reuses();
    }

    @Override
    public void close() {
        pool.close();
    }

    private boolean spent(SmtpSession session) {
        return !session.takesAnotherTransaction() || settings.spent(session.transactions(), session.age());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Sessions are shared only between deliveries with the same server and the same settings (TLS, credentials).
     * Made once per server and kept by the strategies: the hash of the settings is not cheap, and is asked for twice
     * per message.
     */
    static final class Destination {
        private final String host;
        private final InetAddress address;
        private final int port;
        private final SessionSettings settings;
        private final int hash;

        Destination(String host, InetAddress address, int port, SessionSettings settings) {
            this.host = host;
            this.address = address;
            this.port = port;
            this.settings = settings;
            this.hash = Objects.hash(host, address, port, settings);
        }

        String host() {
            return host;
        }

        InetAddress address() {
            return address;
        }

        int port() {
            return port;
        }

        SessionSettings settings() {
            return settings;
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Destination other && hash == other.hash && port == other.port
                                && host.equals(other.host) && Objects.equals(address, other.address)
                                && settings.equals(other.settings);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final class SessionFactory extends BaseKeyedPooledObjectFactory<Destination, SmtpSession> {

        @Override
        public SmtpSession create(Destination destination) throws SetupFailure {
            Transcript setup = new Transcript();
            try {
                return SmtpSession.open(destination.host(), destination.address(), destination.port(),
                        destination.settings(), setup);
            } catch (SessionFailure failure) {
                throw new SetupFailure(failure, setup);
            }
        }

        @Override
        public PooledObject<SmtpSession> wrap(SmtpSession session) {
            return new DefaultPooledObject<>(session);
        }

        @Override
        public boolean validateObject(Destination destination, PooledObject<SmtpSession> pooled) {
            SmtpSession session = pooled.getObject();
            if (spent(session)) { // broken, or grown too old while idle
                return false;
            }
            boolean idleLong = session.transactions() > 0
                               && pooled.getIdleDuration().compareTo(settings.checkAfterIdle()) >= 0;
            return !idleLong || session.isAlive();
        }

        @Override
        public void destroyObject(Destination destination, PooledObject<SmtpSession> pooled) {
            pooled.getObject().quitQuietly();
        }
    }

    /** A new session could not be set up; carries what its setup recorded. */
    private static final class SetupFailure extends Exception {
        private final SessionFailure failure;
        private final transient Transcript transcript;

        SetupFailure(SessionFailure failure, Transcript transcript) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
            this.transcript = transcript;
        }
    }
}

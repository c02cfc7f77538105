package io.smtpx.delivery;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One daemon thread that ends the blocking socket operations whose {@link IoDeadline} has passed. It runs only while
 * some connection is open, so a stopped component leaves no thread behind (and no class loader held, in Karaf).
 *
 * <p>It looks every {@value #TICK_MILLIS} ms: a timeout fires up to that much late, which is nothing beside timeouts
 * of seconds, and arming a deadline costs an operation no more than reading the clock.
 */
final class DeadlineWatchdog {

    private static final long TICK_MILLIS = 100;

    private static final Set<IoDeadline> WATCHED = ConcurrentHashMap.newKeySet();
    // guarded by DeadlineWatchdog.class
    private static Thread thread;

    private DeadlineWatchdog() {
    }

    static synchronized void watch(IoDeadline deadline) {
        WATCHED.add(deadline);
        if (thread == null) {
            thread = new Thread(DeadlineWatchdog::run, "smtpx-deadlines");
            thread.setDaemon(true);
            thread.start();
        }
    }

    static void forget(IoDeadline deadline) {
        WATCHED.remove(deadline);
    }

    private static void run() {
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                // nobody interrupts this thread but a JVM shutting down; keep watching while there are connections
            }
            long now = System.nanoTime();
            for (IoDeadline deadline : WATCHED) {
                deadline.expireIfDue(now);
            }
            synchronized (DeadlineWatchdog.class) {
                if (WATCHED.isEmpty()) {
                    thread = null;
                    return;
                }
            }
        }
    }
}

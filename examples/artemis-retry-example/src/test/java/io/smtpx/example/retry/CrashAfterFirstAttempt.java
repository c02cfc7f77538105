package io.smtpx.example.retry;

import java.nio.file.Path;

/**
 * Run in a JVM of its own by {@link RetryAcrossRestartTest}: starts the application, puts the message in the outbox, and
 * halts the JVM the moment the first attempt has put Bob's part in the retry queue, as kill -9 or a power cut would: no shutdown hook, no broker stop, no journal
 * close. Arguments: the data directory and the SMTP server's port.
 */
public final class CrashAfterFirstAttempt {

    static final int EXIT_CODE = 137;

    private CrashAfterFirstAttempt() {
    }

    public static void main(String[] args) throws Exception {
        RetryApplication application = RetryApplication.start(Path.of(args[0]),
                RetryAcrossRestartTest.properties(Integer.parseInt(args[1])), new DeadLetters());
        application.send(RetryAcrossRestartTest.FROM, RetryAcrossRestartTest.TO, "Your order has shipped",
                "Order 42 is on its way.");
        // the first attempt has committed once Bob's part waits in the retry queue
        while (application.waitingForRetry() == 0) {
            Thread.sleep(10);
        }
        System.out.println("first attempt done, Bob's part in the retry queue; halting");
        System.out.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
    }
}

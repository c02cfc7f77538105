package io.smtpx.example.retry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.smtpx.test.ScriptedSmtpServer;

/**
 * The demo: one message to three recipients. Alice accepts, Bob is greylisted twice, nobody@ does not exist. The
 * application that made the first attempt is stopped while Bob's part waits in the retry queue; a new one, started on
 * the same journal, makes the next attempts. Exits 0 when every recipient was dealt with exactly once.
 */
public final class RetryExample {

    static final String ALICE = "alice@example.org";

    private RetryExample() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run());
    }

    static int run() throws Exception {
        Path data = Path.of(System.getProperty("artemis.data", "target/artemis-data"));
        deleteRecursively(data); // a fresh journal, so that every run of the demo tells the same story
        DeadLetters deadLetters = new DeadLetters();
        try (ScriptedSmtpServer smtp = DemoMailServer.start()) {
            Map<String, String> properties = Map.of("smtp.host", smtp.host(), "smtp.port", String.valueOf(smtp.port()),
                    "smtp.helo", "shop.example.com", "smtpx.retry-schedule", "5s,5s", "smtpx.max-retry-age", "1h");

            System.out.println("\n=== application 1: the first attempt");
            try (RetryApplication first = RetryApplication.start(data, properties, deadLetters)) {
                first.send("shop@example.com",
                        ALICE + ", " + DemoMailServer.GREYLISTED + ", " + DemoMailServer.UNKNOWN,
                        "Your order has shipped", "Order 42 is on its way.");
                await(() -> smtp.deliveredTo(ALICE) == 1 && first.waitingForRetry() == 1, "the first attempt");
                System.out.println("\n=== stopping application 1 with " + first.waitingForRetry()
                                   + " message(s) waiting in smtpx.retry, on disk in " + data);
            }

            System.out.println("\n=== application 2: same journal, the next attempts");
            try (RetryApplication second = RetryApplication.start(data, properties, deadLetters)) {
                await(() -> smtp.deliveredTo(DemoMailServer.GREYLISTED) > 0, "the last attempt");
                Thread.sleep(500); // a duplicate, if there were one, would show up now
            }

            int alice = smtp.deliveredTo(ALICE);
            int bob = smtp.deliveredTo(DemoMailServer.GREYLISTED);
            int nobody = smtp.deliveredTo(DemoMailServer.UNKNOWN);
            int dead = deadLetters.received().size();
            System.out.println("\n=== delivered: " + ALICE + " " + alice + "x, " + DemoMailServer.GREYLISTED + " " + bob
                               + "x, " + DemoMailServer.UNKNOWN + " " + nobody + "x; dead letters: " + dead
                               + " " + deadLetters.received());
            boolean exactlyOnce = alice == 1 && bob == 1 && nobody == 0 && dead == 1;
            System.out.println(exactlyOnce ? "=== nothing lost, nothing sent twice" : "=== FAILED: not exactly once");
            return exactlyOnce ? 0 : 1;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("=== gave up waiting for " + what);
                return;
            }
            Thread.sleep(50);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

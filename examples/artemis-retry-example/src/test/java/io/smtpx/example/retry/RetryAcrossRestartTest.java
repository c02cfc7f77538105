package io.smtpx.example.retry;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smtpx.camel.SmtpxConstants;
import io.smtpx.test.ScriptedSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example's promise: an application stopped, or killed, between attempts loses nothing and sends nothing twice,
 * because what is left to do waits in the broker's journal on disk, and the ledger travels with it. Alice accepts at
 * once, Bob is greylisted twice, nobody@ does not exist; the SMTP server outlives the applications and counts what
 * it delivered.
 */
class RetryAcrossRestartTest {

    static final String FROM = "shop@example.com";
    static final String TO = RetryExample.ALICE + ", " + DemoMailServer.GREYLISTED + ", " + DemoMailServer.UNKNOWN;

    @TempDir
    Path data;

    private ScriptedSmtpServer smtp;
    private final DeadLetters deadLetters = new DeadLetters();

    @BeforeEach
    void startSmtp() throws Exception {
        smtp = DemoMailServer.start();
    }

    @AfterEach
    void stopSmtp() throws Exception {
        smtp.close();
    }

    static Map<String, String> properties(int smtpPort) {
        return Map.of("smtp.host", "127.0.0.1", "smtp.port", String.valueOf(smtpPort), "smtp.helo", "shop.example.com",
                "smtpx.retry-schedule", "2s,2s", "smtpx.max-retry-age", "1h");
    }

    private RetryApplication application() throws Exception {
        return RetryApplication.start(data, properties(smtp.port()), deadLetters);
    }

    private long bobAttempts() {
        return smtp.commands().stream().filter(c -> c.startsWith("RCPT TO:<" + DemoMailServer.GREYLISTED + ">"))
                .count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * Runs a last application until Bob has the message, and checks the outcome.
     *
     * @param deadLetterTakenElsewhere the text of a JVM that may have handled (and committed) the dead letter
     *                                 before it died, or null
     */
    private void assertEveryRecipientDealtWithExactlyOnce(String deadLetterTakenElsewhere) throws Exception {
        try (RetryApplication last = application()) {
            await(() -> smtp.deliveredTo(DemoMailServer.GREYLISTED) > 0
                        && (deadLetterTakenElsewhere != null || !deadLetters.received().isEmpty()),
                    "Bob's delivery and the dead letter");
            Thread.sleep(1_000); // room for a duplicate to show up, if there were one
            assertThat(last.waitingForRetry()).as("nothing left to retry").isZero();
        }
        assertThat(smtp.deliveredTo(RetryExample.ALICE)).isEqualTo(1);
        assertThat(smtp.deliveredTo(DemoMailServer.GREYLISTED)).isEqualTo(1);
        assertThat(smtp.deliveredTo(DemoMailServer.UNKNOWN)).isZero();
        assertThat(bobAttempts()).as("greylisted twice, accepted on the third attempt").isEqualTo(3);
        assertThat(smtp.delivered()).extracting(ScriptedSmtpServer.ReceivedMessage::messageId)
                .as("the same message every attempt").hasSize(2).doesNotContainNull().containsOnly(
                        smtp.delivered().get(0).messageId());
        if (deadLetterTakenElsewhere != null && deadLetters.received().isEmpty()) {
            // the dead letter was handled, and its transaction committed, before the crash
            assertThat(deadLetterTakenElsewhere).contains("DEAD LETTER [" + DemoMailServer.UNKNOWN + "]");
            return;
        }
        // handled here, whether or not the crashed JVM had begun to handle it: at least once, the most a crash allows
        assertThat(deadLetters.received()).singleElement().satisfies(dead -> {
            assertThat(dead.get(SmtpxConstants.FAILED_RECIPIENTS)).isEqualTo(DemoMailServer.UNKNOWN);
            assertThat(dead.get(SmtpxConstants.REASON)).isEqualTo("MAILBOX_UNKNOWN");
            assertThat(dead.get(SmtpxConstants.ENHANCED_STATUS)).isEqualTo("5.1.1");
        });
    }

    @Test
    void deliversExactlyOnceWhenTheApplicationIsStoppedBetweenEveryTwoAttempts() throws Exception {
        try (RetryApplication first = application()) {
            first.send(FROM, TO, "Your order has shipped", "Order 42 is on its way.");
            await(() -> smtp.deliveredTo(RetryExample.ALICE) == 1 && first.waitingForRetry() == 1,
                    "the first attempt, and Bob's part in the journal");
        }
        assertThat(smtp.deliveredTo(RetryExample.ALICE)).isEqualTo(1);
        assertThat(smtp.deliveredTo(DemoMailServer.GREYLISTED)).isZero();

        try (RetryApplication second = application()) {
            await(() -> bobAttempts() == 2, "Bob's second attempt");
        }
        assertThat(smtp.deliveredTo(DemoMailServer.GREYLISTED)).isZero();

        assertEveryRecipientDealtWithExactlyOnce(null);
    }

    @Test
    void deliversExactlyOnceWhenTheApplicationIsKilledAfterTheFirstAttempt() throws Exception {
        File output = data.resolveSibling(data.getFileName() + "-crashed-jvm.log").toFile();
        Process crashing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashAfterFirstAttempt.class.getName(),
                data.toString(), String.valueOf(smtp.port()))
                .redirectErrorStream(true).redirectOutput(output).start();
        boolean ended = crashing.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            crashing.destroyForcibly();
        }
        assertThat(ended).as("the crashing JVM ended").isTrue();
        assertThat(crashing.exitValue()).as(Files.readString(output.toPath())).isEqualTo(CrashAfterFirstAttempt.EXIT_CODE);
        assertThat(smtp.deliveredTo(RetryExample.ALICE)).isEqualTo(1);
        assertThat(smtp.deliveredTo(DemoMailServer.GREYLISTED)).isZero();

        assertEveryRecipientDealtWithExactlyOnce(Files.readString(output.toPath()));
    }
}

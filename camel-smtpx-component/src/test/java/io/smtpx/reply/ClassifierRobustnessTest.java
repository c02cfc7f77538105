package io.smtpx.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Classification must never throw and never stall, whatever arrives: a seeded random generator (so failures
 * reproduce) produces random and mutated replies, and pathological inputs are tried one by one.
 */
class ClassifierRobustnessTest {

    private static final long SEED = 20261122L;
    private static final List<ReplyCorpus> CORPUS = ReplyCorpus.load();
    private final ReplyClassifier classifier = ReplyClassifier.defaults();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void survivesTenThousandRandomAndMutatedRepliesWithSaneResults() {
        Random random = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            String raw = switch (i % 4) {
                case 0 -> randomBytes(random);
                case 1 -> mutate(random, CORPUS.get(random.nextInt(CORPUS.size())).raw());
                case 2 -> replyShaped(random);
                default -> splice(random);
            };
            SmtpStage stage = random.nextInt(10) == 0 ? null : SmtpStage.values()[random.nextInt(8)];
            SmtpReply reply = SmtpReply.parse(raw);

            Classification c = classifier.classify(stage, reply);

            assertSane(raw, reply, c);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void survivesRepliesBuiltFromPartsWithoutParsing() {
        Random random = new Random(SEED + 1);
        String[] statuses = {null, "", "5", "5.", "5.1", "5.1.1", "4.7.650", "9.9.9", "5.1.1.1", "x.y.z", "5.1000.1",
            "#5.1.1", " 5.1.1", "5.1.1 ", "2.0.0", "4.4.2"};
        int[] codes = {-1, 0, 1, 99, 100, 250, 354, 421, 450, 452, 550, 552, 554, 599, 600, 999, 1000, Integer.MIN_VALUE,
            Integer.MAX_VALUE};
        for (int i = 0; i < 5_000; i++) {
            int code = codes[random.nextInt(codes.length)];
            String status = statuses[random.nextInt(statuses.length)];
            String text = random.nextBoolean() ? null : randomBytes(random);
            SmtpReply reply = random.nextBoolean() ? SmtpReply.of(code, status, text) : SmtpReply.local(code, status, text);
            SmtpStage stage = random.nextInt(10) == 0 ? null : SmtpStage.values()[random.nextInt(8)];

            Classification c = classifier.classify(stage, reply);

            assertThat(c).isNotNull();
            assertThat(c.replyClass()).isNotNull();
            assertThat(c.reason()).isNotNull();
            assertThat(c.enhancedStatus()).isEqualTo(status);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void classifiesTenMegabytesOfTextQuickly() {
        String tenMegabytes = "550 5.1.1 " + "a".repeat(10 * 1024 * 1024);
        String tenMegabytesOfLines = ("550-" + "b".repeat(1000) + "\r\n").repeat(10_000) + "550 user unknown";
        String tenMegabytesOfNoise = "x".repeat(10 * 1024 * 1024);

        for (String raw : List.of(tenMegabytes, tenMegabytesOfLines, tenMegabytesOfNoise)) {
            long start = System.nanoTime();
            for (SmtpStage stage : SmtpStage.values()) {
                assertSane(raw, SmtpReply.parse(raw), classifier.classify(stage, SmtpReply.parse(raw)));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).as("8 classifications of %d chars", raw.length()).isLessThan(10_000);
        }
        assertThat(classifier.classify(SmtpStage.RCPT, SmtpReply.parse(tenMegabytes)).reason())
                .isEqualTo(Reason.MAILBOX_UNKNOWN);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void survivesAUserRuleWithCatastrophicBacktracking() throws IOException {
        ClassificationRules evil = ClassificationRules.parse(new StringReader("""
                [evil]
                text = (a+)+b|(x|x)*y|(.*a){20}
                reason = POLICY
                """), "evil.conf");
        ReplyClassifier withEvil = ReplyClassifier.withRules(evil);
        String raw = "550 5.1.1 " + "a".repeat(5000) + "!\r\n550-" + "x".repeat(3000) + "\r\n550 user unknown";

        long start = System.nanoTime();
        Classification c = withEvil.classify(SmtpStage.RCPT, SmtpReply.parse(raw));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
        // the evil rule ran out of budget (no match), so the defaults decide
        assertThat(c.reason()).isEqualTo(Reason.MAILBOX_UNKNOWN);
    }

    @Test
    void ignoresTextBeyondTheExaminedPrefixOfALongLine() {
        String hidden = "550 " + "z".repeat(ExaminedText.MAX_LINE_CHARS + 10) + " user unknown";
        String visible = "550 " + "z".repeat(100) + " user unknown";

        assertThat(classifier.classify(SmtpStage.RCPT, SmtpReply.parse(hidden)).reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(classifier.classify(SmtpStage.RCPT, SmtpReply.parse(visible)).reason())
                .isEqualTo(Reason.MAILBOX_UNKNOWN);
    }

    @Test
    void allocatesLittlePerClassification() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<SmtpReply> replies = CORPUS.stream().map(row -> SmtpReply.parse(row.raw())).toList();
        List<SmtpStage> stages = CORPUS.stream().map(ReplyCorpus::stage).toList();
        for (int warm = 0; warm < 20; warm++) {
            for (int i = 0; i < replies.size(); i++) {
                classifier.classify(stages.get(i), replies.get(i));
            }
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        int rounds = 20;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < replies.size(); i++) {
                classifier.classify(stages.get(i), replies.get(i));
            }
        }
        long perClassification = (threads.getThreadAllocatedBytes(thread) - before) / ((long) rounds * replies.size());
        System.out.printf("Reply classification: %d bytes allocated per classification (corpus average)%n",
                perClassification);

        assertThat(perClassification).isLessThan(16 * 1024);
    }

    private static void assertSane(String raw, SmtpReply reply, Classification c) {
        String shown = raw.length() > 200 ? raw.substring(0, 200) + "..." : raw;
        assertThat(c).as("classification of %s", shown).isNotNull();
        assertThat(c.replyClass()).as("class of %s", shown).isNotNull();
        assertThat(c.reason()).as("reason of %s", shown).isNotNull();
        assertThat(c.enhancedStatus()).as("status of %s", shown).isEqualTo(reply.enhancedStatus());
        int code = reply.code();
        if (code >= 200 && code < 400) {
            assertThat(c.replyClass()).as("class of %s", shown).isEqualTo(ReplyClass.SUCCESS);
            assertThat(c.reason()).as("reason of %s", shown).isEqualTo(Reason.DELIVERED);
        } else {
            assertThat(c.replyClass()).as("class of %s", shown).isNotEqualTo(ReplyClass.SUCCESS);
            assertThat(c.reason()).as("reason of %s", shown).isNotEqualTo(Reason.DELIVERED);
        }
        if (code == SmtpReply.UNPARSEABLE) {
            assertThat(c.replyClass()).as("class of %s", shown).isEqualTo(ReplyClass.TRANSIENT);
        }
    }

    private static String randomBytes(Random random) {
        int length = random.nextInt(50) == 0 ? random.nextInt(20_000) : random.nextInt(200);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = switch (random.nextInt(6)) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> (char) random.nextInt(0x10000);
                case 2 -> "0123456789".charAt(random.nextInt(10));
                case 3 -> "\r\n -.#[]()\\".charAt(random.nextInt(11));
                default -> (char) (0x20 + random.nextInt(0x5f));
            };
        }
        return new String(chars);
    }

    private static String mutate(Random random, String raw) {
        StringBuilder sb = new StringBuilder(raw);
        int mutations = 1 + random.nextInt(8);
        for (int m = 0; m < mutations && sb.length() > 0; m++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(6)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, (char) random.nextInt(0x10000));
                case 2 -> sb.setCharAt(at, "0123456789.-\r\n ".charAt(random.nextInt(15)));
                case 3 -> sb.insert(at, sb.substring(0, Math.min(sb.length(), random.nextInt(500))));
                case 4 -> sb.setLength(at);
                default -> sb.insert(at, "\r\n" + (200 + random.nextInt(400)) + (random.nextBoolean() ? "-" : " "));
            }
        }
        return sb.toString();
    }

    private static String replyShaped(Random random) {
        StringBuilder sb = new StringBuilder();
        int lines = random.nextInt(50) == 0 ? 1 + random.nextInt(2000) : 1 + random.nextInt(5);
        String code = String.valueOf(random.nextInt(1000));
        for (int i = 0; i < lines; i++) {
            sb.append(random.nextInt(5) == 0 ? String.valueOf(random.nextInt(1000)) : code)
                    .append(i == lines - 1 ? ' ' : '-');
            if (random.nextBoolean()) {
                sb.append(random.nextInt(10)).append('.').append(random.nextInt(1200)).append('.')
                        .append(random.nextInt(1200)).append(' ');
            }
            sb.append(randomBytes(random).replace('\n', ' ').replace('\r', ' '));
            sb.append(random.nextBoolean() ? "\r\n" : "\n");
        }
        return sb.toString();
    }

    private static String splice(Random random) {
        String a = CORPUS.get(random.nextInt(CORPUS.size())).raw();
        String b = CORPUS.get(random.nextInt(CORPUS.size())).raw();
        return a.substring(0, random.nextInt(a.length() + 1)) + b.substring(random.nextInt(b.length() + 1));
    }
}

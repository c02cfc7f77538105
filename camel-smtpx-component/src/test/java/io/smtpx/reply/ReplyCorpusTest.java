package io.smtpx.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the corpus of real replies (src/test/resources/io/smtpx/reply/reply-corpus.tsv) through the shipped rules.
 * Every row must come out as the postmaster in the file says; a row that fails means the rules need fixing, not the
 * row.
 */
class ReplyCorpusTest {

    private static final List<ReplyCorpus> CORPUS = ReplyCorpus.load();

    static Stream<ReplyCorpus> corpus() {
        return CORPUS.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("corpus")
    void classifiesRealReplyAsAPostmasterWould(ReplyCorpus row) {
        Classification classification = ReplyClassifier.defaults().classify(row.stage(), SmtpReply.parse(row.raw()));

        assertThat(classification.reason()).as("reason of %s (from %s)", row, row.source())
                .isEqualTo(row.expectedReason());
        assertThat(classification.replyClass()).as("class of %s (from %s)", row, row.source())
                .isEqualTo(row.expectedClass());
        if (row.expectedReason() != Reason.DELIVERED) {
            assertThat(classification.hint()).as("hint for %s", row).isNotBlank();
        }
    }

    @Test
    void corpusHasAtLeastTwoHundredRealRepliesCoveringEveryReason() {
        assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(200);
        Set<Reason> covered = EnumSet.noneOf(Reason.class);
        CORPUS.forEach(row -> covered.add(row.expectedReason()));
        assertThat(covered).containsExactlyInAnyOrder(Reason.values());
    }

    @Test
    void reportsAccuracyAndPerReasonCountsOverTheCorpus() {
        Map<Reason, int[]> perReason = new EnumMap<>(Reason.class);
        int correct = 0;
        for (ReplyCorpus row : CORPUS) {
            Classification c = ReplyClassifier.defaults().classify(row.stage(), SmtpReply.parse(row.raw()));
            boolean right = c.reason() == row.expectedReason() && c.replyClass() == row.expectedClass();
            int[] counts = perReason.computeIfAbsent(row.expectedReason(), r -> new int[2]);
            counts[0]++;
            if (right) {
                counts[1]++;
                correct++;
            }
        }
        double accuracy = 100.0 * correct / CORPUS.size();
        StringBuilder report = new StringBuilder(String.format(
                "Reply corpus: %d replies, %d classified as expected, accuracy %.1f%%%n", CORPUS.size(), correct,
                accuracy));
        perReason.forEach((reason, counts) -> report.append(String.format("  %-20s %3d replies, %3d right%n",
                reason, counts[0], counts[1])));
        System.out.print(report);

        assertThat(accuracy).isEqualTo(100.0);
    }
}

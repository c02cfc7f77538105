package io.smtpx.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassificationRulesTest {

    private static ClassificationRules parse(String text) throws IOException {
        return ClassificationRules.parse(new StringReader(text), "user-rules.conf");
    }

    @Test
    void readsTheShippedRules() {
        List<ClassificationRule> rules = ClassificationRules.defaults().rules();

        assertThat(rules).hasSizeGreaterThan(50);
        assertThat(rules.get(0).name()).isEqualTo("delivered");
        assertThat(rules).extracting(ClassificationRule::name).doesNotHaveDuplicates();
    }

    @Test
    void userRuleReplacesTheDefaultOfTheSameNameWhereItStands() throws IOException {
        ClassificationRules user = parse("""
                # our relay's 552 on RCPT means the per-user sending quota, not a full mailbox
                [mailbox-full-on-rcpt]
                stage = RCPT
                code = 552
                reason = RATE_LIMITED
                hint = Our relay's hourly quota; wait an hour.
                """);

        ReplyClassifier classifier = ReplyClassifier.withRules(user);
        Classification c = classifier.classify(SmtpStage.RCPT, SmtpReply.parse("552 5.2.2 quota"));

        assertThat(c.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(c.replyClass()).isEqualTo(ReplyClass.PERMANENT);
        assertThat(c.hint()).isEqualTo("Our relay's hourly quota; wait an hour.");
        List<String> names = user.overriding(ClassificationRules.defaults()).rules().stream()
                .map(ClassificationRule::name).toList();
        List<String> defaultNames = ClassificationRules.defaults().rules().stream()
                .map(ClassificationRule::name).toList();
        assertThat(names).isEqualTo(defaultNames);
    }

    @Test
    void newUserRulesAreTriedBeforeTheDefaults() throws IOException {
        ClassificationRules user = parse("""
                [acme-gateway-quarantine]
                code = 550
                text = held for review by ACME gateway
                class = TRANSIENT
                reason = POLICY
                hint = ACME quarantined it; their admins release it within a day.
                """);

        Classification c = ReplyClassifier.withRules(user).classify(SmtpStage.EOD,
                SmtpReply.parse("550 5.7.1 Message held for review by ACME gateway (spam score 6.1)"));

        assertThat(c.reason()).isEqualTo(Reason.POLICY);
        assertThat(c.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(user.overriding(ClassificationRules.defaults()).rules().get(0).name())
                .isEqualTo("acme-gateway-quarantine");
        // the defaults are untouched
        assertThat(ReplyClassifier.defaults().classify(SmtpStage.EOD,
                SmtpReply.parse("550 5.7.1 Message held for review by ACME gateway (spam score 6.1)")).reason())
                .isEqualTo(Reason.SPAM_CONTENT);
    }

    @Test
    void acceptsCommentsBlankLinesAndAnyCase() throws IOException {
        ClassificationRules rules = parse("""

                # comment
                [a]
                STAGE = rcpt, Eod
                Code = 45x
                status = 4.*
                reason = greylisted
                class = transient
                """);

        ClassificationRule rule = rules.rules().get(0);
        assertThat(rule.stages()).containsExactlyInAnyOrder(SmtpStage.RCPT, SmtpStage.EOD);
        assertThat(rule.reason()).isEqualTo(Reason.GREYLISTED);
        assertThat(rule.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(rule.hint()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            key before any rule           | code = 550\\n[a]\\nreason = POLICY                    | user-rules.conf:1:     | [rule-name] before the first key
            line that is not key = value  | [a]\\nreason = POLICY\\njust words                    | user-rules.conf:3:     | key = value
            unknown key                   | [a]\\nreason = POLICY\\ncolour = red                  | user-rules.conf:3 [a]: | unknown key 'colour'
            key given twice               | [a]\\nreason = POLICY\\nreason = SYNTAX               | user-rules.conf:3 [a]: | already given at line 2
            missing reason                | [a]\\ncode = 550                                      | user-rules.conf:1 [a]: | no reason
            unknown reason                | [a]\\n\\nreason = BOUNCED                             | user-rules.conf:3 [a]: | unknown reason 'BOUNCED'
            unknown stage                 | [a]\\nstage = RCPT, QUIT\\nreason = POLICY            | user-rules.conf:2 [a]: | unknown stage 'QUIT'
            unknown class                 | [a]\\nclass = SOFT\\nreason = POLICY                  | user-rules.conf:2 [a]: | unknown class 'SOFT'
            bad code pattern              | [a]\\ncode = 550, 5x\\nreason = POLICY                | user-rules.conf:2 [a]: | bad code pattern '5x'
            bad status pattern            | [a]\\nstatus = 5.7\\nreason = POLICY                  | user-rules.conf:2 [a]: | bad status pattern '5.7'
            status class out of range     | [a]\\nstatus = 3.1.1\\nreason = POLICY                | user-rules.conf:2 [a]: | class must be 2, 4, 5
            bad regular expression        | [a]\\nreason = POLICY\\ntext = (unclosed               | user-rules.conf:3 [a]: | bad text pattern
            empty rule name               | []\\nreason = POLICY                                  | user-rules.conf:1:     | needs a name
            duplicate rule name           | [a]\\nreason = POLICY\\n[b]\\nreason = POLICY\\n[a]\\nreason = SYNTAX | user-rules.conf:5: | already defined at line 1
            """)
    void rejectsABadRulesFileNamingFileAndLine(String what, String file, String where, String message) {
        String text = file.replace("\\n", "\n");

        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(where)
                .hasMessageContaining(message);
    }

    @Test
    void namesThePathOfABadRulesFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("smtpx-rules.conf");
        Files.writeString(file, "[ok]\nreason = POLICY\n\n[broken]\nstatus = 5.x\nreason = POLICY\n");

        assertThatThrownBy(() -> ClassificationRules.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":5 [broken]: bad status pattern '5.x'");
    }

    @Test
    void rejectsBadPatternsInRulesBuiltInCode() {
        assertThatThrownBy(() -> new ClassificationRule("r", null, List.of("5555"), null, null, null, Reason.POLICY, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad code pattern '5555'");
        assertThatThrownBy(() -> new ClassificationRule(" ", null, null, null, null, null, Reason.POLICY, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no name");
    }
}

package io.smtpx.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @Test
    void parsesMultiLineReplyWithCrlfIntoCodeStatusAndLines() {
        SmtpReply reply = SmtpReply.parse("550-5.1.1 The email account that you tried to reach does not exist.\r\n"
                + "550-5.1.1 Please try double-checking the recipient's email address\r\n"
                + "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp\r\n");

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.enhancedStatus()).isEqualTo("5.1.1");
        assertThat(reply.lines()).containsExactly(
                "The email account that you tried to reach does not exist.",
                "Please try double-checking the recipient's email address",
                "https://support.google.com/mail/?p=NoSuchUser - gsmtp");
        assertThat(reply.isLocal()).isFalse();
    }

    @Test
    void parsesBareLfLikeCrlf() {
        SmtpReply crlf = SmtpReply.parse("250-mx.example.org\r\n250-SIZE 1000\r\n250 STARTTLS");
        SmtpReply lf = SmtpReply.parse("250-mx.example.org\n250-SIZE 1000\n250 STARTTLS");

        assertThat(lf.code()).isEqualTo(crlf.code()).isEqualTo(250);
        assertThat(lf.lines()).isEqualTo(crlf.lines()).containsExactly("mx.example.org", "SIZE 1000", "STARTTLS");
    }

    @Test
    void leavesEnhancedStatusNullWhenTheServerGivesNone() {
        SmtpReply reply = SmtpReply.parse("550 relay not permitted");

        assertThat(reply.enhancedStatus()).isNull();
        assertThat(reply.text()).isEqualTo("relay not permitted");
    }

    @Test
    void ignoresAnEnhancedStatusWhoseClassDisagreesWithTheBasicCode() {
        SmtpReply reply = SmtpReply.parse("550 4.1.1 <x@example.com>: Recipient address rejected");

        assertThat(reply.enhancedStatus()).isNull();
        assertThat(reply.text()).isEqualTo("4.1.1 <x@example.com>: Recipient address rejected");
    }

    @Test
    void readsExchange2003StatusBehindAHash() {
        SmtpReply reply = SmtpReply.parse("550 #5.7.1 Your access to submit messages to this e-mail system has been rejected.");

        assertThat(reply.enhancedStatus()).isEqualTo("5.7.1");
        assertThat(reply.text()).isEqualTo("Your access to submit messages to this e-mail system has been rejected.");
    }

    @Test
    void readsALoneEnhancedStatusWithoutText() {
        SmtpReply reply = SmtpReply.parse("550 5.1.1");

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.enhancedStatus()).isEqualTo("5.1.1");
        assertThat(reply.text()).isEmpty();
    }

    @Test
    void doesNotMistakeAnIpAddressForAnEnhancedStatus() {
        SmtpReply reply = SmtpReply.parse("451-216.194.173.80 is not yet authorized to deliver mail from\n451 <a@b> to <c@d>.");

        assertThat(reply.enhancedStatus()).isNull();
        assertThat(reply.lines()).hasSize(2);
    }

    @Test
    void marksAReplyWithoutThreeDigitsAsUnparseableAndKeepsItsText() {
        SmtpReply reply = SmtpReply.parse("5.1.1 user unknown");

        assertThat(reply.code()).isEqualTo(SmtpReply.UNPARSEABLE);
        assertThat(reply.enhancedStatus()).isNull();
        assertThat(reply.text()).isEqualTo("5.1.1 user unknown");
    }

    @Test
    void treatsNullAndEmptyAsUnparseable() {
        assertThat(SmtpReply.parse(null).code()).isEqualTo(SmtpReply.UNPARSEABLE);
        assertThat(SmtpReply.parse("").code()).isEqualTo(SmtpReply.UNPARSEABLE);
        assertThat(SmtpReply.parse("").lines()).containsExactly("");
    }

    @Test
    void keepsAtMostAThousandLinesOfAHugeReply() {
        String huge = "250-x\n".repeat(100_000) + "250 end";

        SmtpReply reply = SmtpReply.parse(huge);

        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.lines()).hasSize(SmtpReply.MAX_LINES);
    }

    @Test
    void writesItselfBackAsAServerWould() {
        SmtpReply reply = SmtpReply.parse("452-4.5.3 Too many\r\n452 4.5.3 recipients");

        assertThat(reply).hasToString("452-4.5.3 Too many\n452 4.5.3 recipients");
    }

    @Test
    void keepsLocalRepliesApartFromServerReplies() {
        SmtpReply local = SmtpReply.local(421, "4.4.1", "Connection refused");

        assertThat(local.isLocal()).isTrue();
        assertThat(local.code()).isEqualTo(421);
        assertThat(local.enhancedStatus()).isEqualTo("4.4.1");
        assertThat(SmtpReply.local(421, null, null).lines()).containsExactly("");
    }
}

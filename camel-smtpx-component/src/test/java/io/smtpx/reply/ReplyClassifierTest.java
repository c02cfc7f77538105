package io.smtpx.reply;

import static io.smtpx.reply.SmtpStage.AUTH;
import static io.smtpx.reply.SmtpStage.CONNECT;
import static io.smtpx.reply.SmtpStage.EOD;
import static io.smtpx.reply.SmtpStage.MAIL;
import static io.smtpx.reply.SmtpStage.RCPT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour of the shipped rules beyond the corpus: stage-dependent meanings, local failures, hints. */
class ReplyClassifierTest {

    private final ReplyClassifier classifier = ReplyClassifier.defaults();

    private Classification classify(SmtpStage stage, String raw) {
        return classifier.classify(stage, SmtpReply.parse(raw));
    }

    @Test
    void classifiesFullMailboxOnRcptAsTransient() {
        Classification c = classify(RCPT, "552 5.2.2 <someone@icloud.com>: user is over quota");

        assertThat(c.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(c.reason()).isEqualTo(Reason.MAILBOX_FULL);
        assertThat(c.enhancedStatus()).isEqualTo("5.2.2");
    }

    @Test
    void classifies552AtEndOfDataAsMessageTooLarge() {
        Classification c = classify(EOD, "552 Message size exceeds maximum permitted");

        assertThat(c.replyClass()).isEqualTo(ReplyClass.PERMANENT);
        assertThat(c.reason()).isEqualTo(Reason.MESSAGE_TOO_LARGE);
    }

    @Test
    void readsTheSame552DifferentlyAtRcptAndAtEndOfData() {
        String raw = "552 Requested mail action aborted: exceeded storage allocation";

        assertThat(classify(RCPT, raw).reason()).isEqualTo(Reason.MAILBOX_FULL);
        assertThat(classify(RCPT, raw).replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(classify(EOD, raw).reason()).isEqualTo(Reason.MESSAGE_TOO_LARGE);
        assertThat(classify(EOD, raw).replyClass()).isEqualTo(ReplyClass.PERMANENT);
    }

    @Test
    void classifies421AtGreetingAsServerBusy() {
        assertThat(classify(CONNECT, "421 mx.example.com Service not available, closing transmission channel").reason())
                .isEqualTo(Reason.SERVER_BUSY);
    }

    @Test
    void classifiesPerClientConnectionLimitAtGreetingAsRateLimitedNotBusy() {
        assertThat(classify(CONNECT, "421 4.7.0 mx.example.com Error: too many connections from 192.0.2.1").reason())
                .isEqualTo(Reason.RATE_LIMITED);
    }

    @Test
    void treatsYahooPermanentlyDeferredAsPermanentThough4xx() {
        Classification c = classify(MAIL,
                "421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.");

        assertThat(c.replyClass()).isEqualTo(ReplyClass.PERMANENT);
        assertThat(c.reason()).isEqualTo(Reason.BLOCKLISTED);
        assertThat(c.hint()).containsIgnoringCase("stop retrying");
    }

    @Test
    void keepsYahooTemporaryDeferralsTransient() {
        Classification c = classify(MAIL, "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to "
                + "unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes");

        assertThat(c.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(c.reason()).isEqualTo(Reason.RATE_LIMITED);
    }

    @Test
    void classifiesTooManyRecipientsAsTransientEvenWhenTheCodeIsPermanent() {
        assertThat(classify(RCPT, "452 4.5.3 Too many recipients").replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        Classification permanentCode = classify(RCPT, "552 5.5.3 Too many recipients");
        assertThat(permanentCode.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(permanentCode.reason()).isEqualTo(Reason.TOO_MANY_RECIPIENTS);
        assertThat(permanentCode.hint()).contains("another transaction");
    }

    @Test
    void treatsADailySendingQuotaAsTransientThough5xx() {
        Classification c = classify(MAIL, "550 5.4.5 Daily sending quota exceeded.");

        assertThat(c.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(c.reason()).isEqualTo(Reason.RATE_LIMITED);
    }

    @Test
    void classifiesGreylistingAsGreylistedAndTransient() {
        Classification c = classify(RCPT, "451 4.7.1 Greylisting in action, please come back later");

        assertThat(c.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(c.reason()).isEqualTo(Reason.GREYLISTED);
    }

    @Test
    void doesNotMistakeAnAuthStatusCodeOutsideAuthForAnAuthFailure() {
        // Yahoo uses 5.7.9 (RFC 4954: mechanism too weak) for content policy
        assertThat(classify(EOD, "554 5.7.9 Message not accepted for policy reasons.").reason()).isEqualTo(Reason.POLICY);
        assertThat(classify(AUTH, "535 5.7.8 Error: authentication failed").reason()).isEqualTo(Reason.AUTH_FAILED);
    }

    @Test
    void readsMicrosoftsRecipientNotFoundDespiteItsNullMxStatusCode() {
        assertThat(classify(RCPT, "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")
                .reason()).isEqualTo(Reason.MAILBOX_UNKNOWN);
        assertThat(classify(RCPT, "556 5.1.10 <a@nullmx.example>: Recipient address rejected: Domain nullmx.example "
                + "does not accept mail (nullMX)").reason()).isEqualTo(Reason.DOMAIN_UNKNOWN);
    }

    @Test
    void matchesAPhraseWrappedOverContinuationLines() {
        Classification c = classify(EOD, "550-5.7.1 Our system has detected an unusual rate of\r\n"
                + "550-5.7.1 unsolicited mail originating from your IP address. To protect our\r\n"
                + "550-5.7.1 users from spam, mail sent from your IP address has been\r\n"
                + "550 5.7.1 blocked. x - gsmtp");

        assertThat(c.reason()).isEqualTo(Reason.BLOCKLISTED);
    }

    @Test
    void ignoresAnEnhancedStatusWhoseClassDisagreesWithTheCode() {
        // a 5xx status on a 4xx reply must not make the status rules fire (x.2.2 would say MAILBOX_FULL)
        Classification c = classifier.classify(RCPT, SmtpReply.of(450, "5.2.2", "try later"));

        assertThat(c.reason()).isNotEqualTo(Reason.MAILBOX_FULL);
        assertThat(c.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
    }

    @Test
    void classifiesARelayDenialWithAdviceToAuthenticateOnTheSubmissionPort() {
        Classification c = classify(RCPT, "554 5.7.1 <user@domain.tld>: Recipient address rejected: Access denied");

        assertThat(c.reason()).isEqualTo(Reason.RELAY_DENIED);
        assertThat(c.hint()).contains("587").containsIgnoringCase("authenticate").contains("TLS 1.2");
    }

    @Test
    void classifiesAnAuthFailureWithAdviceOnAppPasswordsOAuth2AndTls12() {
        Classification c = classify(AUTH, "535-5.7.8 Username and Password not accepted. Learn more at\r\n"
                + "535 5.7.8 https://support.google.com/mail/?p=BadCredentials x - gsmtp");

        assertThat(c.reason()).isEqualTo(Reason.AUTH_FAILED);
        assertThat(c.hint()).contains("app password").contains("OAuth2").contains("TLS 1.2");
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4} {5}")
    @CsvSource(delimiter = '|', textBlock = """
            CONNECT | 421 | 4.4.1  | Connection refused                                      | TRANSIENT | NETWORK
            CONNECT | 421 | 4.4.1  | Connect timed out                                       | TRANSIENT | NETWORK
            DATA    | 421 | 4.4.2  | Read timed out                                          | TRANSIENT | NETWORK
            RCPT    | 421 | 4.4.2  | Connection reset                                        | TRANSIENT | NETWORK
            EOD     | 451 | 4.4.2  | Connection lost after end of data; the message may have been delivered | TRANSIENT | NETWORK
            CONNECT | 451 | 4.4.3  | DNS lookup of example.com timed out                     | TRANSIENT | NETWORK
            CONNECT | 451 | 4.4.3  | SERVFAIL looking up MX of example.com                   | TRANSIENT | NETWORK
            CONNECT | 550 | 5.1.2  | example.invalid: no such domain (NXDOMAIN)              | PERMANENT | DOMAIN_UNKNOWN
            CONNECT | 556 | 5.1.10 | example.com publishes a null MX                         | PERMANENT | DOMAIN_UNKNOWN
            STARTTLS| 454 | 4.7.4  | STARTTLS required but not offered                       | TRANSIENT | TLS_REQUIRED
            STARTTLS| 454 | 4.7.5  | PKIX path building failed                               | TRANSIENT | TLS_REQUIRED
            MAIL    | 552 | 5.3.4  | Message of 31457280 bytes exceeds the server's SIZE 26214400 | PERMANENT | MESSAGE_TOO_LARGE
            MAIL    | 553 | 5.6.7  | SMTPUTF8 required but not offered                       | PERMANENT | SYNTAX
            """)
    void classifiesTheEnginesLocalFailures(SmtpStage stage, int code, String status, String text, ReplyClass cls,
            Reason reason) {
        Classification c = classifier.classify(stage, SmtpReply.local(code, status, text));

        assertThat(c.replyClass()).isEqualTo(cls);
        assertThat(c.reason()).isEqualTo(reason);
        assertThat(c.enhancedStatus()).isEqualTo(status);
        assertThat(c.hint()).isNotBlank();
    }

    @Test
    void saysALostConnectionAfterTheDotMayHaveDelivered() {
        Classification c = classifier.classify(EOD,
                SmtpReply.local(451, "4.4.2", "connection lost after end of data"));

        assertThat(c.hint()).contains("may have been delivered");
    }

    @Test
    void advisesARelayWhenTheConnectionIsRefused() {
        Classification c = classifier.classify(CONNECT, SmtpReply.local(421, "4.4.1", "Connection refused"));

        assertThat(c.hint()).contains("port 25").contains("587");
    }

    @Test
    void skipsStageSpecificRulesWhenTheStageIsUnknown() {
        Classification c = classifier.classify(null, SmtpReply.parse("552 5.2.2 mailbox full"));

        // the RCPT-only rule would make it transient; without a stage only the status rule applies
        assertThat(c.reason()).isEqualTo(Reason.MAILBOX_FULL);
        assertThat(c.replyClass()).isEqualTo(ReplyClass.PERMANENT);
    }

    @Test
    void classifiesANullReplyAsAnUnparseableOne() {
        Classification c = classifier.classify(RCPT, null);

        assertThat(c.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(c.reason()).isEqualTo(Reason.UNKNOWN);
    }

    @Test
    void givesAnUnknownButHonestClassificationToAnUnrecognisedReply() {
        Classification permanent = classify(RCPT, "550 computer says no");
        Classification transientOne = classify(RCPT, "459 computer says later");

        assertThat(permanent.replyClass()).isEqualTo(ReplyClass.PERMANENT);
        assertThat(permanent.reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(transientOne.replyClass()).isEqualTo(ReplyClass.TRANSIENT);
        assertThat(transientOne.reason()).isEqualTo(Reason.UNKNOWN);
    }

    @Test
    void classifiesEveryPositiveReplyAsDelivered() {
        assertThat(classify(EOD, "250 2.0.0 OK 1700000000 a1si1234567qkb.12 - gsmtp").reason())
                .isEqualTo(Reason.DELIVERED);
        assertThat(classify(SmtpStage.DATA, "354 Go ahead").replyClass()).isEqualTo(ReplyClass.SUCCESS);
    }
}

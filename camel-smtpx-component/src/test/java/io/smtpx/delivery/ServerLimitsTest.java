package io.smtpx.delivery;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the LIMITS keyword of an EHLO reply (RFC 9422). */
class ServerLimitsTest {

    private static ServerLimits announced(String... extensions) {
        List<String> lines = new ArrayList<>(List.of("mx.example.test"));
        lines.addAll(List.of(extensions));
        return new ServerCapabilities(lines).limits();
    }

    @Test
    void readsTheThreeLimitsOfRfc9422() {
        assertThat(announced("PIPELINING", "LIMITS MAILMAX=1000 RCPTMAX=50000 RCPTDOMAINMAX=10", "8BITMIME"))
                .isEqualTo(new ServerLimits(1000, 50000, 10));
    }

    @Test
    void readsNamesInAnyCaseAndSkipsLimitsRegisteredLater() {
        assertThat(announced("limits rcptmax=20 FUTURE=4 FLAG MailMax=7")).isEqualTo(new ServerLimits(7, 20, 0));
    }

    @Test
    void ignoresValuesThatAreNotAPositiveNumber() {
        assertThat(announced("LIMITS MAILMAX=0 RCPTMAX=-1 RCPTDOMAINMAX=ten")).isEqualTo(ServerLimits.NONE);
        assertThat(announced("LIMITS MAILMAX=99999999999 RCPTMAX= RCPTDOMAINMAX=3")).isEqualTo(new ServerLimits(0, 0, 3));
    }

    @Test
    void announcesNothingWithoutTheKeyword() {
        assertThat(announced("PIPELINING", "SIZE 10240000")).isEqualTo(ServerLimits.NONE);
        assertThat(announced("LIMITS")).isEqualTo(ServerLimits.NONE);
    }

    @Test
    void allowsTransactionsUpToMailMax() {
        ServerLimits limits = new ServerLimits(2, 0, 0);

        assertThat(limits.allowsTransactionAfter(1)).isTrue();
        assertThat(limits.allowsTransactionAfter(2)).isFalse();
        assertThat(ServerLimits.NONE.allowsTransactionAfter(1_000_000)).isTrue();
    }
}

package io.smtpx.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DATA encoding: CRLF line ends whatever the input used, dot-stuffing, the final dot. */
class SmtpDataOutputStreamTest {

    private static String encode(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SmtpDataOutputStream data = new SmtpDataOutputStream(out);
        data.write(text.getBytes(StandardCharsets.ISO_8859_1));
        data.finish();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void endsEveryLineWithCrLfAndStuffsLeadingDots() throws IOException {
        assertThat(encode(".first\nsecond\r.third\r\n..fourth"))
                .isEqualTo("..first\r\nsecond\r\n..third\r\n...fourth\r\n.\r\n");
    }

    @Test
    void addsNoBlankLineBeforeTheFinalDotWhenTheContentEndsWithALineBreak() throws IOException {
        assertThat(encode("body\r\n")).isEqualTo("body\r\n.\r\n");
        assertThat(encode("")).isEqualTo(".\r\n");
    }

    @Test
    void writesTheSameBytesWhateverTheChunksTheContentArrivesIn() throws IOException {
        Random random = new Random(42);
        byte[] alphabet = {'a', 'b', '.', '\r', '\n', ' ', (byte) 0xe9};
        for (int round = 0; round < 500; round++) {
            byte[] content = new byte[random.nextInt(3000)];
            for (int i = 0; i < content.length; i++) {
                content[i] = alphabet[random.nextInt(alphabet.length)];
            }
            ByteArrayOutputStream oneByOne = new ByteArrayOutputStream();
            SmtpDataOutputStream single = new SmtpDataOutputStream(oneByOne);
            for (byte b : content) {
                single.write(b);
            }
            single.finish();
            ByteArrayOutputStream chunked = new ByteArrayOutputStream();
            SmtpDataOutputStream bulk = new SmtpDataOutputStream(chunked);
            for (int i = 0; i < content.length; ) {
                int length = Math.min(content.length - i, 1 + random.nextInt(20000));
                bulk.write(content, i, length);
                i += length;
            }
            bulk.finish();

            assertThat(chunked.toByteArray()).isEqualTo(oneByOne.toByteArray());
            String wire = chunked.toString(StandardCharsets.ISO_8859_1);
            assertThat(wire.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
            assertThat(wire).endsWith(".\r\n");
            assertThat(wire.substring(0, wire.length() - 3)).as("no end of data before the end")
                    .doesNotContain("\r\n.\r\n").doesNotStartWith(".\r\n");
        }
    }
}

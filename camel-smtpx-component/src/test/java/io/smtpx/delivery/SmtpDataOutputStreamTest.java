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

    /** The same encoding by other means: lines split at any line end, each dot-stuffed and ended with CRLF. */
    private static String reference(String content) {
        String[] lines = content.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            boolean last = i == lines.length - 1;
            if (last && lines[i].isEmpty()) {
                break; // the content ended with a line end
            }
            wire.append(lines[i].startsWith(".") ? "." : "").append(lines[i]).append("\r\n");
        }
        return wire.append(".\r\n").toString();
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
        assertThat(encode("body\r")).isEqualTo("body\r\n.\r\n");
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
                // chunks that split line ends, and whole contents
                int length = Math.min(content.length - i, 1 + random.nextInt(random.nextBoolean() ? 8 : 20000));
                bulk.write(content, i, length);
                i += length;
            }
            bulk.finish();

            assertThat(chunked.toByteArray()).isEqualTo(oneByOne.toByteArray());
            String wire = chunked.toString(StandardCharsets.ISO_8859_1);
            assertThat(wire).isEqualTo(reference(new String(content, StandardCharsets.ISO_8859_1)));
            assertThat(wire.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
            assertThat(wire).endsWith(".\r\n");
            assertThat(wire.substring(0, wire.length() - 3)).as("no end of data before the end")
                    .doesNotContain("\r\n.\r\n").doesNotStartWith(".\r\n");
        }
    }
}

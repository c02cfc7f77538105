package io.smtpx.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A Jakarta Mail message as content. Bcc never leaves with the message (its recipients are only in the envelope).
 * A single 7-bit text part is rendered by {@link SevenBitTextRendering}; other messages up to {@link #BUFFERED_LIMIT}
 * are rendered by Jakarta Mail once and kept, so that the size for SIZE and every transaction cost one MIME encoding;
 * larger ones are streamed each time, never held in memory (and encoded one extra time only if a server's SIZE asks
 * for their size before the first write).
 */
public final class MimeMessageContent implements MessageContent {

    /** Rendered messages up to this size are kept in memory; larger ones are streamed. */
    static final int BUFFERED_LIMIT = 1024 * 1024;
    private static final String[] NOT_TRANSMITTED = {"Bcc", "Content-Length"};

    private final MimeMessage message;
    private final SevenBitTextRendering sevenBitText;
    private BoundedBuffer rendered;
    private long size = -1;
    private String messageId;

    private MimeMessageContent(MimeMessage message, SevenBitTextRendering sevenBitText) {
        this.message = message;
        this.sevenBitText = sevenBitText;
        if (sevenBitText != null) {
            size = sevenBitText.head.length + sevenBitText.body.length;
        }
    }

    /** The message, saved: the headers Jakarta Mail adds on saving (Message-ID, Date, MIME-Version...) are set. */
    public static MimeMessageContent of(MimeMessage message) throws MessagingException {
        StreamProviders.pinAngusProvider();
        SevenBitTextRendering sevenBitText = message instanceof StableIdMimeMessage stable
                ? SevenBitTextRendering.of(stable, NOT_TRANSMITTED) : null;
        if (sevenBitText == null) {
            message.saveChanges();
        }
        return new MimeMessageContent(message, sevenBitText);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (sevenBitText != null) {
            out.write(sevenBitText.head);
            out.write(sevenBitText.body);
            return;
        }
        if (rendered != null) {
            rendered.writeTo(out);
        } else if (size < 0) {
            // the first write, its size not asked for: one pass, keeping a copy if small enough for the next transaction
            BoundedBuffer copy = new BoundedBuffer();
            writeMime(new Tee(out, copy));
            keep(copy);
        } else {
            writeMime(out);
        }
    }

    @Override
    public boolean isSevenBit() {
        return sevenBitText != null;
    }

    @Override
    public long size() {
        if (size < 0) {
            render();
        }
        return size;
    }

    @Override
    public String messageId() {
        if (messageId == null) {
            try {
                messageId = message.getMessageID(); // set before this content was made, and kept
            } catch (MessagingException e) {
                return null;
            }
        }
        return messageId;
    }

    public MimeMessage message() {
        return message;
    }

    private void render() {
        BoundedBuffer buffer = new BoundedBuffer();
        try {
            writeMime(buffer);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot render the message: " + e.getMessage(), e);
        }
        keep(buffer);
    }

    private void keep(BoundedBuffer buffer) {
        size = buffer.count;
        rendered = buffer.overflowed ? null : buffer;
    }

    private void writeMime(OutputStream out) throws IOException {
        try {
            message.writeTo(out, NOT_TRANSMITTED);
        } catch (MessagingException e) {
            throw new IOException("Cannot write the MIME message: " + e.getMessage(), e);
        }
    }

    /** Writes to both. */
    private static final class Tee extends OutputStream {
        private final OutputStream out;
        private final OutputStream copy;

        Tee(OutputStream out, OutputStream copy) {
            this.out = out;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            copy.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            copy.write(b, off, len);
        }
    }

    /** Keeps bytes up to the limit, then only counts them. */
    private static final class BoundedBuffer extends ByteArrayOutputStream {
        private long count;
        private boolean overflowed;

        BoundedBuffer() {
            super(4096);
        }

        @Override
        public synchronized void write(int b) {
            count++;
            if (!overflowed && !spill(1)) {
                super.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            count += len;
            if (!overflowed && !spill(len)) {
                super.write(b, off, len);
            }
        }

        private boolean spill(int more) {
            if (size() + more > BUFFERED_LIMIT) {
                overflowed = true;
                reset();
                buf = new byte[0];
                return true;
            }
            return false;
        }
    }
}

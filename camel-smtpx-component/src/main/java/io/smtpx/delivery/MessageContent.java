package io.smtpx.delivery;

import java.io.IOException;
import java.io.OutputStream;

/** The content of a message (headers and body), written as is; the engine adds line-end normalisation and dot-stuffing. */
public interface MessageContent {

    /** Writes the message. Called once per transaction, so it may be called more than once. */
    void writeTo(OutputStream out) throws IOException;

    /** The Message-ID header, or null. */
    default String messageId() {
        return null;
    }

    /** True when the content is known to be 7-bit (US-ASCII, short lines): no BODY=8BITMIME is then declared. */
    default boolean isSevenBit() {
        return false;
    }

    /** The size in bytes if known cheaply (for the SIZE parameter and the local size check), else -1. */
    default long size() {
        return -1;
    }
}

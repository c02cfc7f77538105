package io.smtpx.delivery;

/**
 * Delivery status notification parameters (RFC 3461), sent only when the server offers DSN. {@code notifyOn} (NOTIFY) is
 * "NEVER" or a comma-separated subset of SUCCESS, FAILURE, DELAY; {@code ret} is FULL or HDRS; {@code envelopeId}
 * is the ENVID. Any of them may be null.
 */
public record DsnRequest(String notifyOn, String ret, String envelopeId) {

    public boolean isEmpty() {
        return notifyOn == null && ret == null && envelopeId == null;
    }
}

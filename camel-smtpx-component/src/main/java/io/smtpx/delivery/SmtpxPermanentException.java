package io.smtpx.delivery;

/** Refused for good by (or for) every recipient not accepted: retrying will not help; dead-letter it. */
public class SmtpxPermanentException extends SmtpxDeliveryException {

    public SmtpxPermanentException(DeliveryReport report) {
        super(report);
    }
}

package io.smtpx.delivery;

/** Not delivered yet to some recipients, for reasons that may pass: retry them later. */
public class SmtpxTransientException extends SmtpxDeliveryException {

    public SmtpxTransientException(DeliveryReport report) {
        super(report);
    }
}

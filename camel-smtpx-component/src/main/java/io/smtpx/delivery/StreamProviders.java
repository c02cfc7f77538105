package io.smtpx.delivery;

/**
 * Jakarta Mail looks its StreamProvider up with a ServiceLoader scan of the class path on every MimeMessage.writeTo
 * (twice per message; jakartaee/mail-api#861): a third of smtpx's CPU and almost half of its allocation per message
 * in our benchmark. Naming the provider in the system property Jakarta Mail reads first skips the scan. Only done
 * when nobody has set the property, and only with Angus' provider, the one the scan would find anyway.
 */
final class StreamProviders {

    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    private StreamProviders() {
    }

    /** Idempotent and cheap after the first call. */
    static void pinAngusProvider() {
        Holder.PINNED.hashCode();
    }

    private static final class Holder {
        static final Boolean PINNED = pin();

        private static Boolean pin() {
            try {
                if (System.getProperty(PROPERTY) != null) {
                    return Boolean.FALSE;
                }
                // only where Jakarta Mail itself can load it (not, say, in an OSGi framework that wires otherwise)
                Class.forName(ANGUS_PROVIDER, false, jakarta.mail.util.StreamProvider.class.getClassLoader());
                System.setProperty(PROPERTY, ANGUS_PROVIDER);
                return Boolean.TRUE;
            } catch (ClassNotFoundException | SecurityException | LinkageError e) {
                return Boolean.FALSE;
            }
        }
    }
}

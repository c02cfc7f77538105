package io.smtpx.example;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.main.Main;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import io.smtpx.test.ScriptedSmtpServer;

/**
 * Starts an SMTP server on loopback, then Camel Main, whose YAML route (src/main/resources/routes) sends a few messages
 * through smtpx:relay and logs how each reply was classified. Camel stops by itself after those messages
 * (camel.main.duration-max-messages in application.properties).
 */
public final class ExampleApplication {

    private ExampleApplication() {
    }

    public static void main(String[] args) throws Exception {
        int exitCode = run(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    static int run(String[] args) throws Exception {
        try (ScriptedSmtpServer smtp = DemoMailServer.start();
             MailExchangers mx = MailExchangers.start()) {
            Main main = new Main(ExampleApplication.class);
            // the route's smtpx URI reads it as {{smtp.port}}
            main.addInitialProperty("smtp.port", String.valueOf(smtp.port()));
            // the direct-MX route's: its DNS server and the port its MX hosts listen on, as MX hosts share port 25
            main.addInitialProperty("dns.servers", mx.dnsServer());
            main.addInitialProperty("mx.port", String.valueOf(mx.port()));
            UnhandledFailures unhandled = new UnhandledFailures();
            main.bind("unhandledFailures", unhandled);
            int exitCode = main.run(args);
            if (exitCode == 0 && unhandled.count() > 0) {
                // the route handles SmtpxDeliveryException; anything else means the example itself is broken
                System.err.println(unhandled.count() + " exchange(s) failed with an error the route does not handle");
                return 1;
            }
            return exitCode;
        }
    }

    /** Counts exchanges that ended with an exception, i.e. one the route's doCatch did not handle. */
    private static final class UnhandledFailures extends EventNotifierSupport {

        private final AtomicInteger failed = new AtomicInteger();

        UnhandledFailures() {
            setIgnoreCamelContextEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeSentEvents(true);
            setIgnoreExchangeSendingEvents(true);
            setIgnoreStepEvents(true);
        }

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeFailedEvent) {
                failed.incrementAndGet();
            }
        }

        int count() {
            return failed.get();
        }
    }
}

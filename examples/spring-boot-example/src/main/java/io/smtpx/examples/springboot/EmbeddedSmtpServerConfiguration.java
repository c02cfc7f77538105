package io.smtpx.examples.springboot;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.smtpx.test.ScriptedSmtpServer;

/**
 * A real SMTP server (camel-smtpx-test's) inside the application, on 127.0.0.1, so the example runs without a mail
 * server. It accepts every recipient except those whose local part starts with "unknown" (550 5.1.1 user unknown), to
 * show a permanent failure, and keeps the messages it received ({@link ScriptedSmtpServer#messages()}). Off with
 * example.embedded-smtp.enabled=false, e.g. when camel.component.smtpx.* points at a real relay.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "example.embedded-smtp", name = "enabled", matchIfMissing = true)
public class EmbeddedSmtpServerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSmtpServerConfiguration.class);

    /**
     * Accepted recipients and messages get a bare "250 Ok", no enhanced status and no queue id, so that POST /mail
     * answers a delivered mail with the reply code and recipients only, as it always has.
     */
    private static final String OK = "250 Ok";

    @Bean(destroyMethod = "close")
    public ScriptedSmtpServer embeddedSmtpServer(@Value("${example.embedded-smtp.port:2525}") int port)
            throws IOException {
        ScriptedSmtpServer smtp = ScriptedSmtpServer.start("127.0.0.1", port).hostName("embedded.smtpx.example");
        smtp.onRcpt(rcpt -> rcpt.address().startsWith("unknown")
                ? "550 5.1.1 <" + rcpt.address() + ">: Recipient address rejected: User unknown"
                : OK);
        smtp.onEndOfData(message -> {
            LOG.info("Embedded SMTP server received mail from <{}> to {}", message.sender(), message.recipients());
            return OK;
        });
        LOG.info("Embedded SMTP server listening on {}:{}", smtp.host(), smtp.port());
        return smtp;
    }
}

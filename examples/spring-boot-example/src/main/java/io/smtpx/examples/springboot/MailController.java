package io.smtpx.examples.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.smtpx.camel.SmtpxConstants;

/** POST /mail {"to": "...", "subject": "...", "text": "..."}: sends it and answers with the classified outcome. */
@RestController
public class MailController {

    /** The mail to send; to may list several addresses, comma separated. */
    public record MailRequest(String to, String subject, String text) {
    }

    private final ProducerTemplate producer;

    public MailController(ProducerTemplate producer) {
        this.producer = producer;
    }

    @PostMapping("/mail")
    public ResponseEntity<Map<String, Object>> send(@RequestBody MailRequest mail) {
        Exchange exchange = producer.send("direct:send-mail", e -> {
            e.getMessage().setHeader("To", mail.to());
            e.getMessage().setHeader("Subject", mail.subject());
            e.getMessage().setBody(mail.text());
        });
        Map<String, Object> outcome = new LinkedHashMap<>();
        for (String header : new String[] { SmtpxConstants.REPLY_CLASS, SmtpxConstants.REPLY_CODE,
                SmtpxConstants.ENHANCED_STATUS, SmtpxConstants.REASON, SmtpxConstants.HINT,
                SmtpxConstants.ACCEPTED_RECIPIENTS, SmtpxConstants.FAILED_RECIPIENTS, SmtpxConstants.QUEUE_ID,
                SmtpxConstants.MESSAGE_ID }) {
            Object value = exchange.getMessage().getHeader(header);
            if (value != null) {
                outcome.put(header.substring("CamelSmtpx".length()), value);
            }
        }
        if (outcome.isEmpty() && exchange.getException() != null) {
            // refused before any server was asked, e.g. no recipient or CR/LF in a header
            outcome.put("Error", exchange.getException().getMessage());
            return ResponseEntity.badRequest().body(outcome);
        }
        return ResponseEntity.status(exchange.getException() == null ? HttpStatus.OK : HttpStatus.BAD_GATEWAY)
                .body(outcome);
    }
}

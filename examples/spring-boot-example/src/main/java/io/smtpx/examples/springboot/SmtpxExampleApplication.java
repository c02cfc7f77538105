package io.smtpx.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Sends mail through smtpx:relay from a REST call and from a timer; see README.md. */
@SpringBootApplication
public class SmtpxExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SmtpxExampleApplication.class, args);
    }
}

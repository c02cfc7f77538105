package io.smtpx.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Spring Boot application as a user would write one: a route to smtpx:relay, everything else from properties. */
@SpringBootApplication
public class StarterTestApplication {

    @Bean
    RouteBuilder mailRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:mail").routeId("mail").to("smtpx:relay");
            }
        };
    }
}

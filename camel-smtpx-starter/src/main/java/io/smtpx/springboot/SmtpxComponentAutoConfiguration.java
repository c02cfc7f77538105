package io.smtpx.springboot;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import io.smtpx.springboot.health.SmtpxRelayHealthCheckRepository;
import io.smtpx.springboot.metrics.SmtpxMetricsEventNotifier;
import io.smtpx.springboot.metrics.SmtpxSessionGauges;

/**
 * Auto-configuration of the smtpx component: applies {@code camel.component.smtpx.*} to it, registers a Camel readiness
 * check per configured relay (shown by Spring Boot's "camel" health indicator) and, when the application has a
 * Micrometer MeterRegistry, counts and times deliveries. Off with {@code camel.component.smtpx.enabled=false} (or
 * {@code camel.component.enabled=false}).
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.smtpx" })
@EnableConfigurationProperties(SmtpxComponentConfiguration.class)
public class SmtpxComponentAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpxComponentAutoConfiguration.class);

    @Lazy
    @Bean
    public ComponentCustomizer configureSmtpxComponent(ApplicationContext applicationContext,
                                                       SmtpxComponentConfiguration properties) {
        return new SmtpxComponentCustomizer(applicationContext, properties);
    }

    @Bean
    @ConditionalOnProperty(prefix = "camel.component.smtpx.health-check", name = "enabled", matchIfMissing = true)
    public CamelContextConfiguration smtpxRelayHealthChecks(SmtpxComponentConfiguration properties) {
        return new BeforeStart(camelContext -> {
            HealthCheckRegistry registry = HealthCheckRegistry.get(camelContext);
            if (registry == null) {
                LOG.warn("No Camel health check registry (camel-health missing?): smtpx relays are not checked");
                return;
            }
            registry.register(new SmtpxRelayHealthCheckRepository(camelContext,
                    properties.getHealthCheck().getInterval(), properties.getHealthCheck().getTimeout()));
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnProperty(prefix = "camel.component.smtpx.metrics", name = "enabled", matchIfMissing = true)
    static class Metrics {

        @Bean
        CamelContextConfiguration smtpxDeliveryMetrics(ObjectProvider<MeterRegistry> registry) {
            // looked up on each event: the registry may be created after this bean, or not at all
            return new BeforeStart(camelContext -> camelContext.getManagementStrategy()
                    .addEventNotifier(new SmtpxMetricsEventNotifier(registry::getIfAvailable)));
        }

        @Bean
        SmtpxSessionGauges smtpxSessionGauges(CamelContext camelContext) {
            return new SmtpxSessionGauges(camelContext);
        }
    }

    /** A CamelContextConfiguration that only acts before the Camel context starts. */
    private record BeforeStart(java.util.function.Consumer<CamelContext> action) implements CamelContextConfiguration {

        @Override
        public void beforeApplicationStart(CamelContext camelContext) {
            action.accept(camelContext);
        }

        @Override
        public void afterApplicationStart(CamelContext camelContext) {
            // nothing after start
        }
    }
}

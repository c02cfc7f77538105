package io.smtpx.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.smtpx.camel.SmtpxComponent;
import io.smtpx.camel.SmtpxConfiguration;
import io.smtpx.delivery.OAuth2TokenSupplier;
import io.smtpx.delivery.Security;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What the auto-configuration does to the smtpx component, from properties and from the application's beans. */
class SmtpxComponentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                    SmtpxComponentAutoConfiguration.class));

    @Test
    void appliesEveryKindOfPropertyToTheComponent() {
        runner.withPropertyValues(
                "camel.component.smtpx.host=127.0.0.1",
                "camel.component.smtpx.port=2525",
                "camel.component.smtpx.security=tls",
                "camel.component.smtpx.connect-timeout=5s",
                "camel.component.smtpx.read-timeout=1500",
                "camel.component.smtpx.max-recipients-per-transaction=20",
                "camel.component.smtpx.max-session-age=2m",
                "camel.component.smtpx.username=app",
                "camel.component.smtpx.password=s3cret",
                "camel.component.smtpx.auth-mechanisms=PLAIN",
                "camel.component.smtpx.from=app@example.com",
                "camel.component.smtpx.use-header-recipients=false",
                "camel.component.smtpx.classification-rules=classpath:my-rules.conf",
                "camel.component.smtpx.lazy-start-producer=true")
                .run(context -> {
                    SmtpxComponent component = smtpx(context.getBean(CamelContext.class));
                    SmtpxConfiguration c = component.getConfiguration();
                    assertThat(c.getHost()).isEqualTo("127.0.0.1");
                    assertThat(c.getPort()).isEqualTo(2525);
                    assertThat(c.getSecurity()).isEqualTo(Security.TLS);
                    assertThat(c.getConnectTimeout()).isEqualTo(5000);
                    assertThat(c.getReadTimeout()).isEqualTo(1500);
                    assertThat(c.getMaxRecipientsPerTransaction()).isEqualTo(20);
                    assertThat(c.getMaxSessionAge()).isEqualTo(120_000);
                    assertThat(c.getUsername()).isEqualTo("app");
                    assertThat(c.getPassword()).isEqualTo("s3cret");
                    assertThat(c.getAuthMechanisms()).isEqualTo("PLAIN");
                    assertThat(c.getFrom()).isEqualTo("app@example.com");
                    assertThat(c.isUseHeaderRecipients()).isFalse();
                    assertThat(c.getClassificationRules()).isEqualTo("classpath:my-rules.conf");
                    assertThat(component.isLazyStartProducer()).isTrue();
                });
    }

    @Test
    void leavesTheComponentDefaultsWhenNothingIsSet() {
        runner.run(context -> {
            SmtpxConfiguration c = smtpx(context.getBean(CamelContext.class)).getConfiguration();
            SmtpxConfiguration defaults = new SmtpxConfiguration();
            assertThat(c).usingRecursiveComparison().isEqualTo(defaults);
        });
    }

    @Test
    void picksUpTheOnlyTokenSupplierAndSslContextParametersByType() {
        runner.withUserConfiguration(OneOfEach.class).run(context -> {
            SmtpxConfiguration c = smtpx(context.getBean(CamelContext.class)).getConfiguration();
            assertThat(c.getOauth2TokenSupplier()).isSameAs(context.getBean(OAuth2TokenSupplier.class));
            assertThat(c.getSslContextParameters()).isSameAs(context.getBean(SSLContextParameters.class));
        });
    }

    @Test
    void leavesBeanOptionsUnsetWithoutAutowiring() {
        runner.withUserConfiguration(OneOfEach.class)
                .withPropertyValues("camel.component.smtpx.autowired-enabled=false")
                .run(context -> {
                    SmtpxConfiguration c = smtpx(context.getBean(CamelContext.class)).getConfiguration();
                    assertThat(c.getOauth2TokenSupplier()).isNull();
                    assertThat(c.getSslContextParameters()).isNull();
                });
    }

    @Test
    void picksBeansByNameWhenThereAreSeveral() {
        runner.withUserConfiguration(TwoOfEach.class)
                .withPropertyValues("camel.component.smtpx.oauth2-token-supplier=#secondTokens",
                        "camel.component.smtpx.ssl-context-parameters=secondTls")
                .run(context -> {
                    SmtpxConfiguration c = smtpx(context.getBean(CamelContext.class)).getConfiguration();
                    assertThat(c.getOauth2TokenSupplier().token()).isEqualTo("token-2");
                    assertThat(c.getSslContextParameters()).isSameAs(context.getBean("secondTls"));
                });
    }

    @Test
    void usesAClassificationRulesBeanByName() {
        runner.withUserConfiguration(RulesBean.class).run(context -> {
            SmtpxConfiguration c = smtpx(context.getBean(CamelContext.class)).getConfiguration();
            assertThat(c.getClassificationRules()).isEqualTo("ref:smtpxClassificationRules");
        });
    }

    @Test
    void registersOneReadinessCheckPerConfiguredRelay() {
        runner.withPropertyValues("camel.component.smtpx.host=127.0.0.1", "camel.component.smtpx.security=NONE")
                .run(context -> {
                    CamelContext camel = context.getBean(CamelContext.class);
                    camel.getEndpoint("smtpx:relay?host=127.0.0.2&port=2525&security=NONE");
                    camel.getEndpoint("smtpx:relay"); // the component's relay again: no second check
                    HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
                    assertThat(registry.getCheckIDs()).filteredOn(id -> id.startsWith("smtpx"))
                            .containsExactlyInAnyOrder("smtpx-relay-127.0.0.1:25", "smtpx-relay-127.0.0.2:2525");
                    assertThat(registry.getCheck("smtpx-relay-127.0.0.1:25").orElseThrow().isLiveness()).isFalse();
                });
    }

    @Test
    void isSwitchedOffWithEnabledFalse() {
        runner.withPropertyValues("camel.component.smtpx.enabled=false", "camel.component.smtpx.host=127.0.0.1")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(SmtpxComponentAutoConfiguration.class);
                    assertThat(context).doesNotHaveBean(SmtpxComponentConfiguration.class);
                    CamelContext camel = context.getBean(CamelContext.class);
                    assertThat(smtpx(camel).getConfiguration().getHost()).isNull();
                    assertThat(HealthCheckRegistry.get(camel).getCheckIDs()).noneMatch(id -> id.startsWith("smtpx"));
                });
    }

    @Test
    void hasAPropertyWithADescriptionForEveryComponentOption() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode component = read(json, "META-INF/io/smtpx/camel/smtpx.json").get("componentProperties");
        JsonNode metadata = read(json, "META-INF/spring-configuration-metadata.json").get("properties");

        Set<String> options = new TreeSet<>(component.propertyNames());
        options.remove("configuration"); // the nested object itself: its options are listed one by one
        List<String> described = new ArrayList<>();
        for (JsonNode property : metadata) {
            if (property.hasNonNull("description") && !property.get("description").asString().isBlank()) {
                described.add(property.get("name").asString());
            }
        }
        assertThat(described).containsAll(options.stream().map(o -> "camel.component.smtpx." + kebab(o)).toList());
    }

    private static JsonNode read(ObjectMapper json, String resource) throws IOException {
        try (InputStream in = SmtpxComponentAutoConfigurationTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return json.readTree(in);
        }
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static SmtpxComponent smtpx(CamelContext camel) {
        return camel.getComponent("smtpx", SmtpxComponent.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class OneOfEach {

        @Bean
        OAuth2TokenSupplier tokens() {
            return () -> "token-1";
        }

        @Bean
        SSLContextParameters tls() {
            return new SSLContextParameters();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoOfEach {

        @Bean
        OAuth2TokenSupplier firstTokens() {
            return () -> "token-1";
        }

        @Bean
        OAuth2TokenSupplier secondTokens() {
            return () -> "token-2";
        }

        @Bean
        SSLContextParameters firstTls() {
            return new SSLContextParameters();
        }

        @Bean
        SSLContextParameters secondTls() {
            return new SSLContextParameters();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RulesBean {

        @Bean
        String smtpxClassificationRules() {
            return "[example-quota]\ncode = 452\ntext = quota\nclass = TRANSIENT\nreason = MAILBOX_FULL\n";
        }
    }
}

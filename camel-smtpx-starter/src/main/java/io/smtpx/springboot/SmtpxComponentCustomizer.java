package io.smtpx.springboot;

import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ApplicationContext;

import io.smtpx.camel.SmtpxComponent;
import io.smtpx.camel.SmtpxConfiguration;
import io.smtpx.delivery.OAuth2TokenSupplier;

/**
 * Applies the {@code camel.component.smtpx.*} properties to the smtpx component when Camel creates it, and hands it the
 * beans those properties name (or the only bean of the type, when autowiring is on). Typed setters, no reflection.
 */
final class SmtpxComponentCustomizer implements ComponentCustomizer {

    /** The String bean that holds extra classification rules when classificationRules is not set. */
    static final String CLASSIFICATION_RULES_BEAN = "smtpxClassificationRules";

    private final ApplicationContext applicationContext;
    private final SmtpxComponentConfiguration properties;

    SmtpxComponentCustomizer(ApplicationContext applicationContext, SmtpxComponentConfiguration properties) {
        this.applicationContext = applicationContext;
        this.properties = properties;
    }

    @Override
    public boolean isEnabled(String name, Component target) {
        return target instanceof SmtpxComponent
               && HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                       "camel.component.smtpx.customizer");
    }

    @Override
    public void configure(String name, Component target) {
        SmtpxComponent component = (SmtpxComponent) target;
        component.setLazyStartProducer(properties.isLazyStartProducer());
        component.setAutowiredEnabled(properties.isAutowiredEnabled());
        component.setUseGlobalSslContextParameters(properties.isUseGlobalSslContextParameters());

        SmtpxConfiguration c = component.getConfiguration();
        c.setHost(properties.getHost());
        c.setPort(properties.getPort() == null ? 0 : properties.getPort());
        c.setSecurity(properties.getSecurity());
        c.setHeloName(properties.getHeloName());
        c.setConnectTimeout(properties.getConnectTimeout().toMillis());
        c.setReadTimeout(properties.getReadTimeout().toMillis());
        c.setMaxRecipientsPerTransaction(properties.getMaxRecipientsPerTransaction());

        c.setMxPort(properties.getMxPort());
        c.setTlsPolicy(properties.getTlsPolicy());
        c.setDnsServers(properties.getDnsServers());
        c.setDnsTimeout(properties.getDnsTimeout().toMillis());
        c.setLocalAddress(properties.getLocalAddress());
        c.setMaxSessionsPerDestination(properties.getMaxSessionsPerDestination());
        c.setMaxMessagesPerSession(properties.getMaxMessagesPerSession());
        c.setMaxSessionAge(properties.getMaxSessionAge().toMillis());
        c.setSessionIdleTimeout(properties.getSessionIdleTimeout().toMillis());

        c.setUsername(properties.getUsername());
        c.setPassword(properties.getPassword());
        c.setAccessToken(properties.getAccessToken());
        c.setOauth2TokenSupplier(bean("oauth2-token-supplier", properties.getOauth2TokenSupplier(),
                OAuth2TokenSupplier.class));
        c.setAuthMechanisms(properties.getAuthMechanisms());
        c.setSslContextParameters(bean("ssl-context-parameters", properties.getSslContextParameters(),
                SSLContextParameters.class));
        c.setAllowPlaintextAuth(properties.isAllowPlaintextAuth());
        c.setAllowLegacyTls(properties.isAllowLegacyTls());

        c.setFrom(properties.getFrom());
        c.setTo(properties.getTo());
        c.setCc(properties.getCc());
        c.setBcc(properties.getBcc());
        c.setReplyTo(properties.getReplyTo());
        c.setSubject(properties.getSubject());
        c.setContentType(properties.getContentType());
        c.setUseHeaderRecipients(properties.isUseHeaderRecipients());
        c.setUseHeaderFrom(properties.isUseHeaderFrom());
        c.setUseHeaderSubject(properties.isUseHeaderSubject());
        c.setUseHeaderReplyTo(properties.isUseHeaderReplyTo());

        c.setRetryEndpoint(properties.getRetryEndpoint());
        c.setDeadLetterEndpoint(properties.getDeadLetterEndpoint());
        c.setBounceEndpoint(properties.getBounceEndpoint());
        c.setRetrySchedule(properties.getRetrySchedule());
        c.setMaxRetryAge(properties.getMaxRetryAge().toMillis());
        c.setUncertainOutcome(properties.getUncertainOutcome());

        c.setClassificationRules(classificationRules());
    }

    /** The bean a property names, or else the only bean of the type when autowiring is on, or else null. */
    private <T> T bean(String property, String name, Class<T> type) {
        if (name != null && !name.isBlank()) {
            String beanName = name.strip();
            if (beanName.startsWith("#bean:")) {
                beanName = beanName.substring("#bean:".length());
            } else if (beanName.startsWith("#")) {
                beanName = beanName.substring(1);
            }
            try {
                return applicationContext.getBean(beanName, type);
            } catch (BeanNotOfRequiredTypeException | NoSuchBeanDefinitionException e) {
                throw new IllegalArgumentException("camel.component.smtpx." + property + " names bean '" + beanName
                                                   + "', but there is no bean of type " + type.getName()
                                                   + " with that name", e);
            }
        }
        return properties.isAutowiredEnabled() ? applicationContext.getBeanProvider(type).getIfUnique() : null;
    }

    private String classificationRules() {
        if (properties.getClassificationRules() != null) {
            return properties.getClassificationRules();
        }
        if (applicationContext.containsBean(CLASSIFICATION_RULES_BEAN)
            && applicationContext.isTypeMatch(CLASSIFICATION_RULES_BEAN, String.class)) {
            return "ref:" + CLASSIFICATION_RULES_BEAN;
        }
        return null;
    }
}

package io.smtpx.camel;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** The smtpx component: creates {@code smtpx:relay} endpoints from its shared configuration. */
@Component("smtpx")
public class SmtpxComponent extends DefaultComponent {

    /** The shared configuration: the defaults of every endpoint of this component. */
    @Metadata(label = "advanced")
    private SmtpxConfiguration configuration = new SmtpxConfiguration();
    /** Use the global SSL context parameters of the Camel context when no sslContextParameters is set. */
    @Metadata(label = "security", defaultValue = "false")
    private boolean useGlobalSslContextParameters;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SmtpxStrategy strategy = SmtpxStrategy.fromPath(remaining);
        SmtpxConfiguration endpointConfiguration = configuration.copy();
        SmtpxEndpoint endpoint = new SmtpxEndpoint(uri, this, strategy, endpointConfiguration);
        setProperties(endpoint, parameters);
        if (endpointConfiguration.getSslContextParameters() == null && useGlobalSslContextParameters) {
            endpointConfiguration.setSslContextParameters(getCamelContext().getSSLContextParameters());
        }
        return endpoint;
    }

    public SmtpxConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SmtpxConfiguration configuration) {
        this.configuration = configuration;
    }

    public boolean isUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }
}

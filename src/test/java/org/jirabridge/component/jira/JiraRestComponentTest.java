package org.jirabridge.component.jira;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.jirabridge.auth.AuthType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Endpoint resolution and option binding; no HTTP. */
class JiraRestComponentTest {

    private CamelContext context;

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stopContext() throws Exception {
        context.close();
    }

    @Test
    void schemeResolvesThroughTheServicesFileAndBindsOptions() {
        JiraRestEndpoint endpoint = context.getEndpoint("jirarest:addIssue?jiraUrl=https://acme.atlassian.net/"
                + "&deployment=cloud&authType=BASIC&username=demo@example.com&password=RAW(s3cret&x)"
                + "&connectTimeout=2000&socketTimeout=5000&maxResults=7&legacyHeaders=false", JiraRestEndpoint.class);

        JiraRestConfiguration configuration = endpoint.getConfiguration();
        assertThat(context.getComponent("jirarest")).isInstanceOf(JiraRestComponent.class);
        assertThat(endpoint.getOperation()).isEqualTo(JiraRestOperation.ADD_ISSUE);
        assertThat(configuration.getDeployment()).isEqualTo(Deployment.CLOUD);
        assertThat(configuration.getAuthType()).isEqualTo(AuthType.BASIC);
        assertThat(configuration.getPassword()).isEqualTo("s3cret&x");
        assertThat(configuration.getConnectTimeout()).isEqualTo(2000);
        assertThat(configuration.getSocketTimeout()).isEqualTo(5000);
        assertThat(configuration.getMaxResults()).isEqualTo(7);
        assertThat(configuration.isLegacyHeaders()).isFalse();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        JiraRestConfiguration configuration = context.getEndpoint("jirarest:search?integration=acme",
                JiraRestEndpoint.class).getConfiguration();

        assertThat(configuration.getIntegration()).isEqualTo("acme");
        assertThat(configuration.getConnectTimeout()).isEqualTo(10_000);
        assertThat(configuration.getSocketTimeout()).isEqualTo(30_000);
        assertThat(configuration.getMaxResults()).isEqualTo(50);
        assertThat(configuration.getDeployment()).isNull();
        assertThat(configuration.isLegacyHeaders()).isTrue();
    }

    @Test
    void endpointsWorkOnCopiesOfTheComponentDefaults() {
        JiraRestComponent component = context.getComponent("jirarest", JiraRestComponent.class);
        component.getConfiguration().setSocketTimeout(1234);

        JiraRestEndpoint changed = context.getEndpoint("jirarest:myself?integration=a&socketTimeout=99",
                JiraRestEndpoint.class);
        JiraRestEndpoint inherited = context.getEndpoint("jirarest:myself?integration=b", JiraRestEndpoint.class);

        assertThat(changed.getConfiguration().getSocketTimeout()).isEqualTo(99);
        assertThat(inherited.getConfiguration().getSocketTimeout()).isEqualTo(1234);
        assertThat(component.getConfiguration().getSocketTimeout()).isEqualTo(1234);
    }

    @Test
    void operationNamesAreCaseInsensitiveLikeCamelJira() {
        assertThat(context.getEndpoint("jirarest:ADDISSUE?integration=a", JiraRestEndpoint.class).getOperation())
                .isEqualTo(JiraRestOperation.ADD_ISSUE);
        assertThat(context.getEndpoint("jirarest:assignableUsers?integration=a", JiraRestEndpoint.class)
                .getOperation()).isEqualTo(JiraRestOperation.ASSIGNABLE_USERS);
    }

    @Test
    void unknownOperationsAndOptionsAreRefused() {
        assertThatThrownBy(() -> context.getEndpoint("jirarest:closeIssue?integration=a"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasStackTraceContaining("Unknown jirarest operation");
        assertThatThrownBy(() -> context.getEndpoint("jirarest:addIssue?integration=a&colour=red"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("colour");
    }

    @Test
    void secretsAreMaskedInEndpointUriAndConfiguration() {
        JiraRestEndpoint endpoint = context.getEndpoint("jirarest:myself?jiraUrl=https://jira.example.com"
                + "&authType=PAT&accessToken=t0ken-value&password=s3cret-value", JiraRestEndpoint.class);

        assertThat(endpoint.toString()).doesNotContain("t0ken-value").doesNotContain("s3cret-value");
        assertThat(endpoint.getConfiguration().toString()).doesNotContain("t0ken-value").doesNotContain("s3cret-value");
    }

    @Test
    void withoutIntegrationOrExplicitOptionsTheEndpointTakesTheIntegrationFromEachExchange() {
        JiraRestEndpoint endpoint = context.getEndpoint("jirarest:addIssue", JiraRestEndpoint.class);

        assertThat(endpoint.getConfiguration().getIntegration()).isNull();
        assertThat(endpoint.getServiceUrl()).isEqualTo("integration:${header.JiraBridgeIntegrationId}");
        JiraRestConfiguration withOptions = context.getEndpoint("jirarest:fetchIssue?fields=priority,updated",
                JiraRestEndpoint.class).getConfiguration();
        assertThat(withOptions.getFields()).isEqualTo("priority,updated");
        assertThat(withOptions.getIntegration()).isNull();
    }

    @Test
    void explicitFormWithoutUsableOptionsFailsWhenTheEndpointIsResolved() {
        assertThatThrownBy(() -> context.getEndpoint("jirarest:myself?username=a&password=b"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasStackTraceContaining("needs either integration=<id> or jiraUrl");
        assertThatThrownBy(() -> context.getEndpoint("jirarest:myself?jiraUrl=https://jira.example.com"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasStackTraceContaining("No credentials");
        assertThatThrownBy(() -> context.getEndpoint("jirarest:myself?jiraUrl=https://jira.example.com&authType=OAUTH1"
                + "&accessToken=x")).hasStackTraceContaining("consumerKey is required");
    }
}

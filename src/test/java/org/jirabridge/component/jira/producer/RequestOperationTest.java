package org.jirabridge.component.jira.producer;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.component.jira.SandboxTestSupport;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.sandbox.Flavour;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** request: any REST path with the integration's credentials, and nothing outside the site. */
class RequestOperationTest extends SandboxTestSupport {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void rawGetAndPostReachAnyPathWithTheIntegrationsCredentials(Flavour flavour) {
        String key = createIssue(flavour, "Raw");

        Exchange get = send(uri("request", flavour), null,
                Map.of("JiraMethod", "GET", "JiraPath", "/rest/api/2/issue/" + key + "/transitions"));
        Exchange post = send(uri("request", flavour), Map.of("body", "raw comment"),
                Map.of("CamelJiraMethod", "post", "CamelJiraPath", "/rest/api/2/issue/" + key + "/comment"));

        assertThat(get.getException()).isNull();
        assertThat(get.getMessage().getHeader(JiraRestConstants.RESPONSE_CODE)).isEqualTo(200);
        assertThat(Json.write(get.getMessage().getBody())).contains("In Progress");
        assertThat(post.getException()).isNull();
        assertThat(post.getMessage().getHeader(JiraRestConstants.RESPONSE_CODE)).isEqualTo(201);
        assertThat(requests(flavour)).allSatisfy(e -> assertThat(e.requestHeader("Authorization")).isNotBlank());
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aTreeIsAskedForAndComesAsAJacksonNodeWhileErrorsKeepJirasText(Flavour flavour) {
        String key = createIssue(flavour, "Tree");

        Exchange get = send(uri("request", flavour), null, Map.of("JiraPath", "/rest/api/2/issue/" + key,
                JiraRestConstants.RESPONSE_TREE, true));
        Exchange missing = send(uri("request", flavour), null, Map.of("JiraPath", "/rest/api/2/issue/DEMO-404",
                JiraRestConstants.RESPONSE_TREE, true));

        assertThat(get.getException()).isNull();
        assertThat(get.getMessage().getBody()).isInstanceOf(JsonNode.class);
        assertThat(get.getMessage().getBody(JsonNode.class).at("/fields/summary").asText()).isEqualTo("Tree");
        // a refusal is still read as text, so its message reaches the exception
        assertThat(failure(missing).getMessage()).contains("Issue does not exist");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void rawErrorsAreJiraRestExceptions(Flavour flavour) {
        JiraRestException missing = failure(send(uri("request", flavour), null,
                Map.of("JiraPath", "/rest/api/2/issue/DEMO-404")));

        assertThat(missing.failure()).isEqualTo(JiraRestException.Failure.NOT_FOUND);
        assertThat(missing.getHttpResponseCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void pathsThatWouldLeaveTheSiteAreRefusedBeforeSending(Flavour flavour) {
        Exchange escape = send(uri("request", flavour), null, Map.of("JiraPath", "//attacker.example/steal"));
        Exchange dots = send(uri("request", flavour), null, Map.of("JiraPath", "/rest/api/2/../../_sandbox/stats"));

        assertThat(escape.getException()).isInstanceOf(IllegalArgumentException.class);
        assertThat(dots.getException()).isInstanceOf(IllegalArgumentException.class);
        assertThat(requests(flavour)).isEmpty();
    }
}

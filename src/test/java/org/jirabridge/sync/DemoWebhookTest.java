package org.jirabridge.sync;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.routing.BridgeHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's webhook at start-up: registered once, and a kept one (a sandbox data dir) updated, never doubled. */
class DemoWebhookTest {

    private final DemoWebhook webhook = new DemoWebhook("http://localhost:8080/webhooks/jira/demo", "new-secret", true, "DEMO");

    @Test
    void withoutOneForItsUrlItRegistersOne() {
        Exchange exchange = registrationWhenListed("http://localhost:9999/elsewhere", 3);

        assertThat(exchange.getMessage().getHeader(BridgeHeaders.WEBHOOK_REGISTERED, Boolean.class)).isFalse();
        assertThat(exchange.getMessage().getHeader(JiraRestConstants.JIRA_METHOD)).isEqualTo("POST");
        assertThat(exchange.getMessage().getHeader(JiraRestConstants.JIRA_PATH)).isEqualTo(DemoWebhook.PATH);
        assertThat(exchange.getMessage().getBody(Map.class)).containsEntry("secret", "new-secret");
    }

    @Test
    void oneKeptForItsUrlIsUpdatedWithTheCurrentSecret() {
        Exchange exchange = registrationWhenListed("http://localhost:8080/webhooks/jira/demo", 7);

        assertThat(exchange.getMessage().getHeader(BridgeHeaders.WEBHOOK_REGISTERED, Boolean.class)).isTrue();
        assertThat(exchange.getMessage().getHeader(JiraRestConstants.JIRA_METHOD)).isEqualTo("PUT");
        assertThat(exchange.getMessage().getHeader(JiraRestConstants.JIRA_PATH)).isEqualTo(DemoWebhook.PATH + "/7");
        // Jira never lists a secret, so the update carries it: a changed demo.webhook-secret takes effect
        assertThat(exchange.getMessage().getBody(Map.class)).containsEntry("secret", "new-secret")
                .containsEntry("url", "http://localhost:8080/webhooks/jira/demo");
    }

    /** The request the demo makes when Jira lists one admin webhook, with this URL and id. */
    private Exchange registrationWhenListed(String url, long id) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(List.of(Map.of("self", "http://localhost:8081/rest/webhooks/1.0/webhook/" + id, "url", url)));
        webhook.registrationRequest(exchange);
        return exchange;
    }
}

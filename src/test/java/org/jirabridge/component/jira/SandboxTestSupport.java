package org.jirabridge.component.jira;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.jirabridge.auth.BasicAuth;
import org.jirabridge.auth.PersonalAccessTokenAuth;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.JiraSandbox;
import org.jirabridge.sandbox.RecordedExchange;
import org.jirabridge.testsupport.OpenApiContract;
import org.jirabridge.testsupport.SandboxDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the component through a real CamelContext against a Cloud and a Server sandbox on free ports. Integration id
 * "cloud" uses Basic demo@example.com / API token; "server" uses the personal access token. Every request the
 * component sends is recorded so tests can check it against Atlassian's OpenAPI documents.
 */
public abstract class SandboxTestSupport {

    protected static final Map<Flavour, JiraSandbox> SANDBOXES = new EnumMap<>(Flavour.class);
    protected static final Map<Flavour, List<RecordedExchange>> TRAFFIC = new EnumMap<>(Flavour.class);
    protected static final Map<String, JiraConnection> CONNECTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    protected static CamelContext context;
    protected static ProducerTemplate template;

    @BeforeAll
    static void startSandboxesAndCamel() throws Exception {
        try {
            for (Flavour flavour : Flavour.values()) {
                JiraSandbox sandbox = JiraSandbox.start(0, flavour);
                SANDBOXES.put(flavour, sandbox);
                List<RecordedExchange> traffic = new CopyOnWriteArrayList<>();
                TRAFFIC.put(flavour, traffic);
                sandbox.addListener(traffic::add);
            }
            context = new DefaultCamelContext();
            // the resolver answers from a map the tests may change (credential edits, unknown integrations)
            JiraConnectionResolver resolver = id -> {
                JiraConnection connection = CONNECTIONS.get(id);
                if (connection == null) {
                    throw new IllegalArgumentException("No integration " + id);
                }
                return connection;
            };
            context.getRegistry().bind("connections", JiraConnectionResolver.class, resolver);
            context.start();
            template = context.createProducerTemplate();
        } catch (Exception | Error e) {
            stopSandboxesAndCamel();
            throw e;
        }
    }

    @AfterAll
    static void stopSandboxesAndCamel() throws Exception {
        try {
            if (context != null) {
                context.close();
            }
        } finally {
            context = null;
            SANDBOXES.values().forEach(JiraSandbox::stop);
            SANDBOXES.clear();
        }
    }

    @BeforeEach
    void resetSandboxes() {
        CONNECTIONS.clear();
        for (Flavour flavour : Flavour.values()) {
            SANDBOXES.get(flavour).reset();
            TRAFFIC.get(flavour).clear();
            CONNECTIONS.put(integration(flavour), connection(flavour, deployment(flavour)));
        }
    }

    protected static String integration(Flavour flavour) {
        return flavour.name().toLowerCase(java.util.Locale.ROOT);
    }

    protected static Deployment deployment(Flavour flavour) {
        return flavour == Flavour.CLOUD ? Deployment.CLOUD : Deployment.SERVER;
    }

    /** The seeded credentials of the flavour: Cloud e-mail + API token, Server personal access token. */
    protected static JiraConnection connection(Flavour flavour, Deployment deployment) {
        String site = SANDBOXES.get(flavour).baseUrl();
        return flavour == Flavour.CLOUD
                ? new JiraConnection(site, deployment, new BasicAuth("demo@example.com", "demo-token"))
                : new JiraConnection(site, deployment, new PersonalAccessTokenAuth("demo-pat"));
    }

    /** jirarest:operation?integration=flavour plus options. */
    protected static String uri(String operation, Flavour flavour, String... options) {
        StringBuilder uri = new StringBuilder("jirarest:" + operation + "?integration=" + integration(flavour));
        for (String option : options) {
            uri.append('&').append(option);
        }
        return uri.toString();
    }

    /** Sends and returns the exchange; failures stay on it (exchange.getException()). */
    protected static Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.send(uri, exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
        });
    }

    /** Sends and returns the result body, failing the test on any exception. */
    protected static Object call(String uri, Object body, Map<String, Object> headers) {
        Exchange exchange = send(uri, body, headers);
        assertThat(exchange.getException()).as("exception of " + uri).isNull();
        return exchange.getMessage().getBody();
    }

    protected static JiraRestException failure(Exchange exchange) {
        assertThat(exchange.getException()).as("exchange should have failed").isInstanceOf(JiraRestException.class);
        return (JiraRestException) exchange.getException();
    }

    /** Creates an issue in DEMO and returns its key. */
    protected static String createIssue(Flavour flavour, String summary) {
        Exchange exchange = send(uri("addIssue", flavour), "Created by a test",
                Map.of("ProjectKey", "DEMO", "IssueTypeName", "Bug", "IssueSummary", summary));
        assertThat(exchange.getException()).isNull();
        return exchange.getMessage().getHeader(JiraRestConstants.ISSUE_KEY, String.class);
    }

    /** Every request the component sent to the flavour's sandbox since the test began conforms to the spec. */
    protected static void assertNoSpecViolations(Flavour flavour) {
        assertNoSpecViolations(flavour, true);
    }

    /**
     * @param responsesToo false where a test injected answers the documents do not list (a 404 standing in for an
     *                     old server), so only what the component sent is judged
     */
    protected static void assertNoSpecViolations(Flavour flavour, boolean responsesToo) {
        OpenApiContract contract = OpenApiContract.forFlavour(flavour);
        List<String> violations = new ArrayList<>();
        for (RecordedExchange exchange : TRAFFIC.get(flavour)) {
            if (exchange.path().startsWith("/_sandbox")) {
                continue;
            }
            contract.violations(exchange).stream()
                    .filter(v -> responsesToo || !v.contains("[validation.response."))
                    .forEach(violations::add);
        }
        assertThat(TRAFFIC.get(flavour)).as("requests sent to the %s sandbox", flavour).isNotEmpty();
        assertThat(violations).as("spec violations").isEmpty();
    }

    /** Requests the component sent (control calls excluded). */
    protected static List<RecordedExchange> requests(Flavour flavour) {
        return TRAFFIC.get(flavour).stream().filter(e -> !e.path().startsWith("/_sandbox")).toList();
    }

    /** The control API of the sandbox of this flavour: faults, rate limit, statistics. */
    protected static SandboxDriver sandbox(Flavour flavour) {
        return new SandboxDriver(SANDBOXES.get(flavour).baseUrl());
    }

    /** Any other control call, the body given as an object; asserts a 2xx. */
    protected static void control(Flavour flavour, String method, String path, Object body) {
        sandbox(flavour).control(method, path, Json.write(body));
    }
}

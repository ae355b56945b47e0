package org.jirabridge.forward;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.jirabridge.Application;
import org.jirabridge.JiraBridgeConfiguration;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.component.jira.client.JiraErrors;
import org.jirabridge.component.jira.client.JiraResponse;
import org.jirabridge.intake.ReportIntake;
import org.jirabridge.outage.JiraSites;
import org.jirabridge.store.Database;
import org.jirabridge.store.Json;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The forwarding error matrix (routes/errors.camel.yaml, route configuration {@code forwarding-errors}) on the real
 * outbox and forward routes (routes/outbox.camel.yaml, routes/forward.camel.yaml), wired by the service's own
 * {@link JiraBridgeConfiguration} with the real store (H2 in a temporary directory) and no sandbox, broker or other
 * routes (the HTTP server only on a free port, for the REST configuration). Only Jira is replaced:
 * AdviceWith mocks every {@code jirarest} endpoint and skips it, and each test scripts what Jira answers, as the
 * component would have thrown it ({@link JiraErrors}), behind the real site guard ({@link JiraSites}). Each case ends
 * in the outcome docs/architecture.md lists: the report's status, the outbox row's state, the dead letter and its
 * content, and which calls reached Jira. The tests share one service (each forwards its own report; a parameterized
 * test gets a service of its own); the site-down case runs last, as it leaves the demo site marked down.
 */
@CamelMainTest(propertyPlaceholderLocations = Application.CONFIG_LOCATION, properties = {
        "camel.main.routesIncludePattern=file:routes/errors.camel.yaml,file:routes/outbox.camel.yaml,"
                + "file:routes/forward.camel.yaml",
        // the REST configuration serves the OpenAPI document, which needs the HTTP server: on a free port
        "camel.server.port=0",
        "camel.management.enabled=false",
        "camel.metrics.enabled=false",
        "sandbox.enabled=false",
        // the demo integration is the report's integration; every call to its Jira is mocked
        "demo.enabled=true",
        "demo.jira-url=http://localhost:9",
        "broker.embedded=false",
        "security.admin-token=route-test-admin-token",
        "vault.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "forward.poll-interval-ms=50",
        "forward.initial-delay-ms=50",
        "forward.max-delay-ms=100",
        "forward.unsure-delay-ms=300",
        // a site marked down stays down for the whole test: no probe is let through
        "jira-site.first-probe-after-ms=600000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForwardingErrorRoutesTest {

    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(20);
    /** Outbox states of a task still being worked on (claimed, or waiting for its next redelivery). */
    private static final Set<String> UNSETTLED = Set.of("PENDING", "CLAIMED");
    private static final String REPORT = """
            {"title": "Checkout crashes", "description": "Tap **Pay**", "type": "crash", "priority": "Major"}""";
    private static final String CREATE_PATH = "/rest/api/3/issue";
    private static final AtomicLong ISSUE_IDS = new AtomicLong(10000);

    @TempDir
    Path storeDir;

    @BeanInject
    CamelContext context;

    /** Every call that reached (mocked) Jira, in order: the operation, and when (System.nanoTime). */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<Long> sentAt = new CopyOnWriteArrayList<>();
    /** The context whose routes are advised already (a parameterized test gets a service of its own). */
    private CamelContext jiraMockedIn;

    /**
     * The service's own wiring, with its database in this test's temporary directory (a configuration file read
     * before the wiring: no CamelConfiguration class of a test's own, which the service's package scan would find).
     */
    @Configure
    void wiring(MainConfigurationProperties main) throws IOException {
        Path store = Files.writeString(storeDir.resolve("store.properties"),
                "store.jdbc-url = jdbc:h2:file:" + storeDir.resolve("jira-bridge") + ";WRITE_DELAY=0\n");
        main.setFileConfigurations(store.toString());
        main.addConfiguration(JiraBridgeConfiguration.class);
    }

    /** Every jirarest endpoint is a mock, and skipped; by default Jira creates DEMO-1 and finds no issue by label. */
    @BeforeEach
    void mockJira() throws Exception {
        if (jiraMockedIn != context) {
            // every route that sends to Jira itself is advised (and so restarted with the mocks); the look-up's
            // template finds the mocks in the endpoint registry
            for (String route : List.of("forward-report", "create-issue")) {
                AdviceWith.adviceWith(context, route, advice -> advice.mockEndpointsAndSkip("jirarest:*"));
            }
            jiraMockedIn = context;
        }
        MockEndpoint.resetMocks(context);
        sent.clear();
        sentAt.clear();
        jira("addIssue", created("DEMO-1"));
        jira("search", exchange -> exchange.getMessage().setBody(List.of()));
    }

    @Test
    void unauthorizedParksTheReportAsAwaitingCredentialsWithoutRetrying() {
        jira("addIssue", answer(401, null, """
                {"errorMessages": ["You are not authenticated. Authentication required to perform this operation."]}"""));

        String id = forwardOneReport();

        StoredReport report = report(id);
        assertThat(report.status()).isEqualTo(ReportStatus.AWAITING_CREDENTIALS);
        assertThat(report.lastError()).isEqualTo("HTTP 401: Jira answered 401 Unauthorized to POST " + CREATE_PATH
                + ": You are not authenticated. Authentication required to perform this operation.");
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(report.jiraKey()).isNull();
        assertThat(outboxStates(id)).containsExactly("PARKED");
        assertThat(deadLetters(id)).isEmpty();
        assertThat(sent).containsExactly("addIssue");
    }

    @Test
    void aRefusedFieldIsADeadLetterAtOnceNamingWhereTheFieldCameFrom() {
        jira("addIssue", answer(400, null, """
                {"errorMessages": [], "errors": {"priority": "Priority name 'High' is not valid"}}"""));

        String id = forwardOneReport();

        Map<String, Object> jiraErrors = jiraAnswer(List.of(), Map.of("priority", "Priority name 'High' is not valid"));
        // the refused field with the part of the integration that produced it: the priority map
        jiraErrors.put("fieldOrigins", Map.of("priority", "mapping.priorityMap"));
        assertDeadLetterAfterOneAttempt(id, "REJECTED_INVALID", 400,
                "HTTP 400: Jira refused priority: Priority name 'High' is not valid (from mapping.priorityMap)",
                jiraErrors);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            403 | Forbidden | REJECTED_PERMISSION | You do not have permission to create issues in this project.
            404 | Not Found | REJECTED_NOT_FOUND  | Project 'DEMO' does not exist.""")
    void aForbiddenOrNotFoundIsADeadLetterAtOnce(int status, String statusText, String reason, String jiraMessage) {
        jira("addIssue", answer(status, null, "{\"errorMessages\": [\"" + jiraMessage + "\"], \"errors\": {}}"));

        String id = forwardOneReport();

        assertDeadLetterAfterOneAttempt(id, reason, status, "HTTP " + status + ": Jira answered " + status + " "
                + statusText + " to POST " + CREATE_PATH + ": " + jiraMessage, jiraAnswer(List.of(jiraMessage), Map.of()));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aSiteMarkedDownMakesTheReportWaitWithNothingSent() {
        JiraSites sites = bean("jiraSites", JiraSites.class);
        // the site's breaker has seen a full window of 503s: it is DOWN
        for (int i = 0; i < 10; i++) {
            sites.recordOutcome("demo", null, failure(503, null, ""));
        }
        assertThat(sites.isDown("demo")).isTrue();

        String id = forwardOneReport();

        StoredReport report = report(id);
        assertThat(report.status()).isEqualTo(ReportStatus.WAITING_FOR_JIRA);
        assertThat(report.lastError()).isNull();
        assertThat(report.attempts()).isZero();
        assertThat(outboxStates(id)).containsExactly("WAITING");
        assertThat(deadLetters(id)).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void anIoErrorIsRetriedAfterTheUnsureDelayAndTheIssueLookedUpFirst() {
        jira("addIssue", exchange -> {
            throw JiraErrors.fromIo("POST", CREATE_PATH, new SocketTimeoutException("Read timed out"));
        }, created("DEMO-7"));

        String id = forwardOneReport();

        assertForwardedOnSecondAttempt(id, "DEMO-7");
        // no answer: the first request may have created the issue, so the retry waits (forward.unsure-delay-ms) and
        // looks the report's issue up before creating it
        assertThat(sent).containsExactly("addIssue", "search", "addIssue");
        assertThat(gapMillis(0, 1)).isGreaterThanOrEqualTo(300);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500", "502", "503"})
    void aServerErrorIsRetried(int status) {
        jira("addIssue", answer(status, null, ""), created("DEMO-8"));

        String id = forwardOneReport();

        assertForwardedOnSecondAttempt(id, "DEMO-8");
        assertThat(sent).containsExactly("addIssue", "search", "addIssue");
    }

    @Test
    void aRateLimitIsRetriedNoSoonerThanRetryAfter() {
        jira("addIssue", answer(429, "1", """
                {"errorMessages": ["Rate limit exceeded."]}"""), created("DEMO-9"));

        String id = forwardOneReport();

        assertForwardedOnSecondAttempt(id, "DEMO-9");
        assertThat(sent).containsExactly("addIssue", "search", "addIssue");
        // Retry-After: 1 beats the 50-100 ms back-off
        assertThat(gapMillis(0, 1)).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aTaskPastTheRetryBudgetIsADeadLetterAfterItsLastAttempt() throws Exception {
        jira("addIssue", answer(503, null, """
                {"errorMessages": ["Service unavailable"]}"""));
        // queued longer ago than forward.retry-budget-seconds (a day): this failure is its last
        context.getRouteController().stopRoute("outbox-poll");
        String id = bean("reportIntake", ReportIntake.class).accept(REPORT).id();
        update("UPDATE outbox SET created_at = ? WHERE report_id = ?", OffsetDateTime.now().minusDays(2), id);
        context.getRouteController().startRoute("outbox-poll");
        awaitSettled(id);

        assertDeadLetterAfterOneAttempt(id, "RETRIES_EXHAUSTED", 503, "HTTP 503: Jira answered 503 Service Unavailable"
                + " to POST " + CREATE_PATH + ": Service unavailable", jiraAnswer(List.of("Service unavailable"), Map.of()));
    }

    @Test
    void anAttachmentJiraRefusesAsTooLargeBecomesANoteAndTheReportForwards() {
        jira("attach", answer(413, null, ""));
        List<Object> notes = new CopyOnWriteArrayList<>();
        jira("addComment", exchange -> notes.add(exchange.getMessage().getBody(String.class)));

        String id = forwardOneReport("""
                {"title": "Crash with a log", "attachments": [
                  {"name": "log.txt", "contentType": "text/plain", "data": "bGluZSAx"}]}""");

        StoredReport report = report(id);
        assertThat(report.status()).isEqualTo(ReportStatus.FORWARDED);
        assertThat(report.jiraKey()).isEqualTo("DEMO-1");
        // the refused upload counts as a failed call to Jira, the forward as the other
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(report.lastError()).isNull();
        assertThat(outboxStates(id)).containsExactly("DONE");
        assertThat(deadLetters(id)).isEmpty();
        assertThat(sent).containsExactly("addIssue", "attach", "addComment");
        assertThat(notes).containsExactly("jira-bridge could not attach log.txt: Jira refused it as too large"
                + " (HTTP 413, the site's attachment size limit). The file stays with report " + id + ".");
    }

    /** Jira's one create call ended the task: the report FAILED, its outbox row DEAD, its dead letter this one. */
    private void assertDeadLetterAfterOneAttempt(String id, String reason, int status, String message,
                                                 Map<String, Object> jiraErrors) {
        StoredReport report = report(id);
        assertThat(report.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(report.lastError()).isEqualTo(message);
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(outboxStates(id)).containsExactly("DEAD");
        assertThat(deadLetters(id)).containsExactly(deadLetter(id, reason, status, message, jiraErrors));
        assertThat(sent).containsExactly("addIssue");
    }

    /** Jira's error body as a dead letter keeps it. */
    private static Map<String, Object> jiraAnswer(List<String> errorMessages, Map<String, String> errors) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("errorMessages", errorMessages);
        answer.put("errors", errors);
        return answer;
    }

    /** A transient failure, then the create: FORWARDED with two attempts counted, the last error cleared. */
    private void assertForwardedOnSecondAttempt(String id, String key) {
        StoredReport report = report(id);
        assertThat(report.status()).isEqualTo(ReportStatus.FORWARDED);
        assertThat(report.jiraKey()).isEqualTo(key);
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(report.lastError()).isNull();
        assertThat(outboxStates(id)).containsExactly("DONE");
        assertThat(deadLetters(id)).isEmpty();
    }

    /** Accepts the report through the real intake and waits until the forwarding routes are done with its task. */
    private String forwardOneReport() {
        return forwardOneReport(REPORT);
    }

    private String forwardOneReport(String body) {
        String id = bean("reportIntake", ReportIntake.class).accept(body).id();
        awaitSettled(id);
        return id;
    }

    /** Until the report's task is done with: forwarded, parked, dead or waiting for its site, not claimed or due. */
    private void awaitSettled(String id) {
        await().atMost(SETTLED_WITHIN).until(() -> {
            List<String> states = outboxStates(id);
            return states.size() == 1 && !UNSETTLED.contains(states.get(0));
        });
    }

    /**
     * Scripts the answers of one jirarest operation: the first answer for the first call, and so on; the last
     * answer for every later call. As the component does, the site guard is asked first: a call it refuses is not sent.
     */
    private void jira(String operation, Processor... answers) {
        MockEndpoint endpoint = context.getEndpoint("mock:jirarest:" + operation, MockEndpoint.class);
        for (int i = 0; i < answers.length; i++) {
            Processor answer = answers[i];
            Processor call = exchange -> {
                bean("jiraSites", JiraSites.class).beforeRequest(exchange, "demo");
                sent.add(operation);
                sentAt.add(System.nanoTime());
                answer.process(exchange);
            };
            endpoint.whenExchangeReceived(i + 1, call);
            if (i == answers.length - 1) {
                endpoint.whenAnyExchangeReceived(call);
            }
        }
    }

    private static Processor answer(int status, String retryAfter, String body) {
        return exchange -> {
            throw failure(status, retryAfter, body);
        };
    }

    /** The create's answer: the key, and an issue id Jira has not handed out before (ids are unique per site). */
    private static Processor created(String key) {
        return exchange -> exchange.getMessage().setBody(Map.of("id", String.valueOf(ISSUE_IDS.incrementAndGet()),
                "key", key));
    }

    /** What the component throws for this answer of Jira's to the create. */
    private static JiraRestException failure(int status, String retryAfter, String body) {
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            default -> "Service Unavailable";
        };
        return JiraErrors.fromResponse("POST", CREATE_PATH,
                new JiraResponse(status, reason, "application/json", retryAfter, body), Clock.systemUTC());
    }

    private long gapMillis(int from, int to) {
        return Duration.ofNanos(sentAt.get(to) - sentAt.get(from)).toMillis();
    }

    private <T> T bean(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }

    private StoredReport report(String id) {
        return new ReportRepository(bean("database", Database.class)).find(id).orElseThrow();
    }

    /** The report's dead letters (replayed ones too), as the API shows them, without their id and time. */
    private List<Map<String, Object>> deadLetters(String id) {
        List<Map<String, Object>> letters = new ArrayList<>();
        for (DeadLettersResource.DeadLetter letter : bean("deadLetters", DeadLetters.class).list(true).deadLetters()) {
            if (letter.reportId().equals(id)) {
                Map<String, Object> shown = new LinkedHashMap<>(Json.readMap(Json.write(letter)));
                shown.remove("id");
                shown.remove("createdAt");
                letters.add(shown);
            }
        }
        return letters;
    }

    private static Map<String, Object> deadLetter(String reportId, String reason, int status, String message,
                                                  Map<String, Object> jiraErrors) {
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("reportId", reportId);
        letter.put("kind", "FORWARD");
        letter.put("reason", reason);
        letter.put("httpStatus", status);
        letter.put("message", message);
        letter.put("jiraErrors", jiraErrors);
        letter.put("replayedAt", null);
        return letter;
    }

    /** The states of the report's outbox rows, oldest first. */
    private List<String> outboxStates(String reportId) {
        return bean("database", Database.class).inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM outbox WHERE report_id = ? ORDER BY id")) {
                ps.setString(1, reportId);
                List<String> states = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        states.add(rs.getString(1));
                    }
                }
                return states;
            }
        });
    }

    private void update(String sql, Object... values) {
        bean("database", Database.class).inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                return ps.executeUpdate();
            }
        });
    }
}

package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The control API under /_sandbox/: seed, reset, faults, rate limit, revocation, stats and the issue listing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxControlApiTest {

    private static final String BUG = "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"S\"}}";

    private JiraSandbox sandbox;
    private SandboxClient demo;
    private SandboxClient control;

    @BeforeAll
    void start() {
        sandbox = JiraSandbox.start(0, Flavour.CLOUD);
        demo = SandboxClient.demo(sandbox);
        control = SandboxClient.anonymous(sandbox);
    }

    @AfterAll
    void stop() {
        sandbox.stop();
    }

    @BeforeEach
    void reset() {
        assertThat(control.post("/_sandbox/reset", "").status()).isEqualTo(204);
    }

    @Test
    void seedAddsUsersProjectsAndIssuesThatTheRestApiServes() {
        SandboxClient.Answer seeded = control.post("/_sandbox/seed", """
                {"users":[{"displayName":"Kim Ops","emailAddress":"kim@example.com","accountId":"557058:kim","apiToken":"kim-token"}],
                 "projects":[{"key":"OPS","name":"Operations"}],
                 "issues":[{"project":"OPS","issueType":"Story","summary":"Seeded","description":"plain","priority":"Low",
                            "labels":["seeded"],"status":"In Progress","assignee":"557058:kim",
                            "created":"2026-11-20T10:00:00.000+0000","updated":"2026-11-21T11:30:00.000+0000",
                            "fields":{"customfield_10010":"3.0","customfield_10011":"Minor"},
                            "properties":{"jira-bridge.report":{"reportId":"r-7"}},
                            "comments":[{"body":"first","author":"557058:kim","created":"2026-11-21T11:00:00.000+0000"}]}]}""");

        assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
        assertThat(seeded.json().at("/projects/0/id").asText()).isEqualTo("10004");
        assertThat(seeded.json().at("/issues/0/key").asText()).isEqualTo("OPS-1");
        assertThat(seeded.json().at("/issues/0/id").asText()).isEqualTo("10001");
        JsonNode issue = SandboxClient.basic(sandbox, "kim@example.com", "kim-token").get("/rest/api/3/issue/OPS-1").json();
        assertThat(issue.at("/fields/status/name").asText()).isEqualTo("In Progress");
        assertThat(issue.at("/fields/issuetype/name").asText()).isEqualTo("Story");
        assertThat(issue.at("/fields/assignee/displayName").asText()).isEqualTo("Kim Ops");
        assertThat(issue.at("/fields/updated").asText()).isEqualTo("2026-11-21T11:30:00.000+0000");
        assertThat(issue.at("/fields/created").asText()).isEqualTo("2026-11-20T10:00:00.000+0000");
        assertThat(issue.at("/fields/customfield_10011/value").asText()).isEqualTo("Minor");
        assertThat(issue.at("/fields/comment/comments/0/body/content/0/content/0/text").asText()).isEqualTo("first");
        assertThat(demo.get("/rest/api/3/issue/OPS-1/properties/jira-bridge.report").json().at("/value/reportId").asText()).isEqualTo("r-7");
        JsonNode listed = control.get("/_sandbox/issues").json().at("/issues/0");
        assertThat(listed.get("key").asText()).isEqualTo("OPS-1");
        assertThat(listed.get("summary").asText()).isEqualTo("Seeded");
        assertThat(listed.at("/fields/priority").asText()).isEqualTo("Low");
        assertThat(listed.at("/fields/customfield_10011").asText()).isEqualTo("Minor");
        assertThat(listed.at("/comments/0/author").asText()).isEqualTo("557058:kim");
    }

    @Test
    void aBadSeedIsA400() {
        SandboxClient.Answer unknownProject = control.post("/_sandbox/seed", "{\"issues\":[{\"project\":\"NOPE\",\"summary\":\"S\"}]}");
        SandboxClient.Answer serverOnly = control.post("/_sandbox/seed", "{\"serverVersion\":\"8.0.0\"}");

        assertThat(unknownProject.status()).isEqualTo(400);
        assertThat(unknownProject.json().get("errorMessages").get(0).asText()).contains("NOPE");
        assertThat(serverOnly.status()).isEqualTo(400);
        assertThat(control.post("/_sandbox/seed", "{not json").status()).isEqualTo(400);
        assertThat(control.put("/_sandbox/rate-limit", "").status()).isEqualTo(400);
    }

    @Test
    void resetForgetsEverythingAndRestartsIdsAndKeys() {
        control.post("/_sandbox/seed", "{\"projects\":[{\"key\":\"OPS\"}]}");
        demo.post("/rest/api/3/issue", BUG);
        demo.post("/rest/api/3/issue", BUG);

        sandbox.reset();

        assertThat(control.get("/_sandbox/issues").json().get("issues")).isEmpty();
        assertThat(demo.get("/rest/api/3/project").json()).extracting(p -> p.get("key").asText())
                .containsExactly("DEMO", "REQ", "BIZ", "HELP");
        SandboxClient.Answer again = demo.post("/rest/api/3/issue", BUG);
        assertThat(again.json().get("key").asText()).isEqualTo("DEMO-1");
        assertThat(again.json().get("id").asText()).isEqualTo("10001");
    }

    @Test
    void faultsAnswerAStatusForTheNextMatchingRequestsOnly() {
        SandboxClient.Answer armed = control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/issue\",\"method\":\"POST\",\"status\":503,\"count\":2}");

        assertThat(armed.status()).isEqualTo(201);
        assertThat(armed.json().at("/faults/0/count").asInt()).isEqualTo(2);
        SandboxClient.Answer first = demo.post("/rest/api/3/issue", BUG);
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.header("Retry-After")).isEqualTo("1");
        assertThat(first.json().get("errorMessages")).hasSize(1);
        assertThat(demo.get("/rest/api/3/myself").status()).isEqualTo(200);
        assertThat(demo.post("/rest/api/3/issue", BUG).status()).isEqualTo(503);
        assertThat(demo.post("/rest/api/3/issue", BUG).status()).isEqualTo(201);
        assertThat(control.get("/_sandbox/faults").json().get("faults")).isEmpty();
    }

    @Test
    void aTemplatePathMatchesEveryConcreteValue() {
        demo.post("/rest/api/3/issue", BUG);
        control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/issue/{issueIdOrKey}\",\"method\":\"GET\",\"status\":500,\"count\":2}");

        assertThat(demo.put("/rest/api/3/issue/DEMO-1", "{\"fields\":{\"summary\":\"x\"}}").status()).isEqualTo(204);
        assertThat(demo.get("/rest/api/3/issue/DEMO-1").status()).isEqualTo(500);
        assertThat(demo.get("/rest/api/3/issue/10001").status()).isEqualTo(500);
        assertThat(demo.get("/rest/api/3/issue/DEMO-1").status()).isEqualTo(200);
    }

    @Test
    void aDelayFaultSlowsTheAnswerDown() {
        control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/myself\",\"delayMs\":400}");

        long started = System.nanoTime();
        SandboxClient.Answer slow = demo.get("/rest/api/3/myself");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(slow.status()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void aDropFaultClosesTheConnectionWithoutAnswer() {
        control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/issue\",\"drop\":true}");

        assertThatThrownBy(() -> demo.post("/rest/api/3/issue", BUG)).isInstanceOf(UncheckedIOException.class);
        assertThat(control.get("/_sandbox/issues").json().get("issues")).isEmpty();
        assertThat(demo.post("/rest/api/3/issue", BUG).status()).isEqualTo(201);
    }

    @Test
    void ratedFaultsTakeTheirShareOfRequestsAtRandomUntilCleared() {
        control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/myself\",\"status\":500,\"rate\":0.3}");
        SandboxClient.Answer armed = control.post("/_sandbox/faults",
                "{\"path\":\"/rest/api/3/myself\",\"status\":503,\"rate\":0.2}");
        assertThat(armed.json().at("/faults/1/rate").asDouble()).isEqualTo(0.2);
        assertThat(armed.json().at("/faults/1/count").isMissingNode()).isTrue();

        Map<Integer, Integer> statuses = new java.util.HashMap<>();
        for (int i = 0; i < 600; i++) {
            statuses.merge(demo.get("/rest/api/3/myself").status(), 1, Integer::sum);
        }
        // 180 and 120 expected; the bounds are more than six standard deviations away
        assertThat(statuses.get(500)).isBetween(110, 250);
        assertThat(statuses.get(503)).isBetween(60, 180);
        assertThat(statuses.get(200)).isBetween(230, 370);
        assertThat(control.get("/_sandbox/faults").json().get("faults")).hasSize(2);

        control.delete("/_sandbox/faults");
        assertThat(demo.get("/rest/api/3/myself").status()).isEqualTo(200);
    }

    @Test
    void anInjected429CarriesAnnouncedLimitOnlyWhileOneIsSet() {
        control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/myself\",\"status\":429}");
        SandboxClient.Answer injected = demo.get("/rest/api/3/myself");
        assertThat(injected.status()).isEqualTo(429);
        assertThat(injected.header("Retry-After")).isEqualTo("1");
        assertThat(injected.header("RateLimit-Reason")).isEqualTo("jira-burst-based");
        // no limiter runs: announcing one would make clients pace at a rate nothing enforces
        assertThat(injected.header("X-RateLimit-Limit")).isNull();

        control.put("/_sandbox/rate-limit", "{\"requestsPerSecond\":40}");
        control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/myself\",\"status\":429}");
        assertThat(demo.get("/rest/api/3/myself").header("X-RateLimit-Limit")).isEqualTo("40");
    }

    @Test
    void badFaultsAreRefused() {
        assertThat(control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/issue\",\"status\":500,\"rate\":1.5}").status()).isEqualTo(400);
        assertThat(control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/issue\",\"status\":500,\"rate\":0}").status()).isEqualTo(400);
        assertThat(control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/issue\",\"status\":500,\"rate\":0.1,\"count\":2}").status()).isEqualTo(400);
        assertThat(control.post("/_sandbox/faults", "{\"status\":500}").status()).isEqualTo(400);
        assertThat(control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/issue\"}").status()).isEqualTo(400);
        assertThat(control.post("/_sandbox/faults", "{\"path\":\"/rest/api/3/issue\",\"status\":99}").status()).isEqualTo(400);
    }

    @Test
    void theRateLimitAnswers429WithCloudsHeaders() {
        SandboxClient.Answer set = control.put("/_sandbox/rate-limit", "{\"requestsPerSecond\":2}");
        assertThat(set.status()).isEqualTo(200);

        List<SandboxClient.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(demo.get("/rest/api/3/myself"));
            // the control API is never limited
            assertThat(control.get("/_sandbox/stats").status()).isEqualTo(200);
        }

        SandboxClient.Answer limited = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("2");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.header("X-RateLimit-Reset")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ");
        assertThat(limited.header("RateLimit-Reason")).isEqualTo("jira-burst-based");
        assertThat(answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().header("X-RateLimit-Limit")).isEqualTo("2");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> demo.get("/rest/api/3/myself").status() == 200);

        control.put("/_sandbox/rate-limit", "{\"requestsPerSecond\":0}");
        for (int i = 0; i < 10; i++) {
            assertThat(demo.get("/rest/api/3/serverInfo").status()).isEqualTo(200);
        }
    }

    @Test
    void aRevokedCredentialGets401UntilReset() {
        assertThat(control.post("/_sandbox/revoke", "{\"credential\":\"demo-token\"}").status()).isEqualTo(204);

        assertThat(demo.get("/rest/api/3/myself").status()).isEqualTo(401);
        sandbox.reset();
        assertThat(demo.get("/rest/api/3/myself").status()).isEqualTo(200);
    }

    @Test
    void statsCountRequestsByPathTemplateAndStatus() {
        demo.post("/rest/api/3/issue", BUG);
        demo.get("/rest/api/3/issue/DEMO-1");
        demo.get("/rest/api/3/issue/10001");
        demo.get("/rest/api/3/issue/DEMO-404");

        JsonNode requests = control.get("/_sandbox/stats").json().get("requests");

        assertThat(requests).extracting(r -> r.get("method").asText() + " " + r.get("path").asText() + " " + r.get("status").asInt()
                        + " x" + r.get("count").asInt())
                .containsExactlyInAnyOrder("POST /rest/api/3/issue 201 x1", "GET /rest/api/3/issue/{issueIdOrKey} 200 x2",
                        "GET /rest/api/3/issue/{issueIdOrKey} 404 x1");
        assertThat(control.delete("/_sandbox/stats").status()).isEqualTo(204);
        assertThat(control.get("/_sandbox/stats").json().get("requests")).isEmpty();
    }

    @Test
    void listenersSeeEveryExchangeAndNeverPrintCredentials() {
        List<RecordedExchange> seen = new CopyOnWriteArrayList<>();
        sandbox.addListener(seen::add);

        demo.post("/rest/api/3/issue?updateHistory=false", BUG);
        control.get("/_sandbox/issues");

        RecordedExchange create = seen.stream().filter(e -> e.path().equals("/rest/api/3/issue")).findFirst().orElseThrow();
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.rawQuery()).isEqualTo("updateHistory=false");
        assertThat(create.status()).isEqualTo(201);
        assertThat(create.requestText()).contains("\"summary\":\"S\"");
        assertThat(create.responseText()).contains("DEMO-1");
        assertThat(create.requestHeader("authorization")).startsWith("Basic ");
        assertThat(create.responseHeader("content-type")).startsWith("application/json");
        assertThat(create.toString()).doesNotContain(create.requestHeader("Authorization").substring(6)).contains("******");
        assertThat(seen).anyMatch(e -> e.path().equals("/_sandbox/issues"));
    }

    @Test
    void unknownControlEndpointsAre404() {
        assertThat(control.get("/_sandbox/nothing").status()).isEqualTo(404);
    }
}

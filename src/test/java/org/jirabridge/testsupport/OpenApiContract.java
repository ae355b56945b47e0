package org.jirabridge.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.RecordedExchange;

/**
 * Checks recorded Jira traffic (request and response) against Atlassian's OpenAPI documents with
 * Atlassian's own swagger-request-validator. Use it from any test that talks to the sandbox:
 *
 * <pre>{@code
 * OpenApiContract contract = OpenApiContract.forFlavour(Flavour.CLOUD);
 * List<RecordedExchange> traffic = new CopyOnWriteArrayList<>();
 * sandbox.addListener(traffic::add);
 * ... drive the component ...
 * contract.assertConforms(traffic);          // or: assertThat(contract.violations(exchange)).isEmpty()
 * }</pre>
 *
 * <p>Documents (src/test/resources/openapi, see README.md there): Cloud {@code /rest/api/3} against the v3
 * document, Cloud {@code /rest/api/2} against the v2 document (the operations the v2 document predates,
 * {@code search/jql}, {@code search/approximate-count} and {@code changelog/bulkfetch}, and {@code webhook}, whose
 * {@code Webhook} it has without the required {@code url}, against the v3 ones), Server {@code /rest/api/2} against
 * the v2 document, Jira Software's {@code /rest/agile/1.0} (both flavours) against the Jira Software document;
 * {@code /rest/api/latest} as {@code /rest/api/2}, which Jira serves under that alias; calls through the API gateway,
 * {@code /ex/jira/{cloudId}/rest/…}, as the site's {@code /rest/…} they reach.
 * Parsed documents are cached for the whole JVM, so only the first use pays for loading them.
 *
 * <p>What is not checked, because the documents cannot know it:
 * <ul>
 *   <li>The sandbox's control API under {@code /_sandbox/}: it is not Jira's.</li>
 *   <li>Dropped connections (status 0, fault injection): there is no response to check.</li>
 *   <li>{@value #NO_CONTENT}: a 204 never has a body (RFC 9110), yet the documents declare an empty JSON schema
 *       for some 204 answers (edit issue, transition), which the validator reads as "body required".</li>
 *   <li>{@value #SEARCH_REMOVED}: Cloud answers 410 on {@code /rest/api/{2,3}/search} since Atlassian removed it
 *       (CHANGE-2046, 2025); the documents predate the removal and still list 200 only.</li>
 *   <li>{@value #UNDOCUMENTED_ERROR_STATUS}: answers the sandbox was told to give by fault injection or rate limiting
 *       (429, 5xx) are outside the documented statuses of most operations; Jira Cloud sends them anyway, as its
 *       rate-limiting guide says. Their bodies are still checked where a schema exists.</li>
 *   <li>{@value #UNDOCUMENTED_401}: Jira refuses missing or bad credentials with 401 before any resource runs (and
 *       the API gateway refuses a token without the operation's scopes with 401), yet the documents leave 401 out of
 *       some operations (60 of the v3 document's 616, among them the whole dynamic webhook group).</li>
 *   <li>{@value #NON_JSON_ERROR}: Jira answers some failures with text/plain or text/html rather than JSON
 *       (Cloud 401 "Client must be authenticated…", Server's HTML 401 page, "XSRF check failed" 403); the documents
 *       only describe JSON.</li>
 *   <li>{@value #UNDOCUMENTED_ERROR_BODY}: many error answers are documented without content although Jira sends
 *       its {"errorMessages":[],"errors":{}} body with them (e.g. 404 "Issue does not exist or you do not have
 *       permission to see it.", see jira-samples/responses/errors).</li>
 *   <li>{@value #NULL_CHANGE_VALUES}: a changelog item's {@code from}, {@code fromString}, {@code to} and
 *       {@code toString} are null where there was no value (a resolution set for the first time, an assignee taken
 *       away); the documents type them as plain strings, but Jira sends null (real captures in jira-samples:
 *       sentry__edit_issue_assignee_payload.json, jira-trigger-plugin__issue_updated_fields_updated.json).</li>
 *   <li>{@value #AGILE_LIST_PARAMETERS}: the Jira Software document types the list parameters {@code state} (a
 *       board's sprints) and {@code fields} (a sprint's issues) as JSON objects, while its own descriptions (and
 *       Jira) take comma-separated text such as {@code state=active,closed}.</li>
 *   <li>{@value #SERVER_PAT} (Server only): Server/Data Center accepts personal access tokens as Bearer tokens; the
 *       Cloud documents only know Basic and OAuth 2.0.</li>
 *   <li>{@value #SERVER_CREATEMETA_PAGE} (Server only): Data Center 9 pages the new create metadata as
 *       {"values":[…],"isLast":…} (Atlassian's DC 9 REST docs; captured in jira-samples as jira-cli__createmetav9.json and
 *       sentry__issue_types_response.json) where Cloud says "issueTypes"/"fields"; the copier of the v2 document also
 *       closed those page schemas.</li>
 * </ul>
 */
public final class OpenApiContract {

    static final String NO_CONTENT = "204 without body";
    static final String SEARCH_REMOVED = "410 on the removed /search";
    static final String UNDOCUMENTED_ERROR_STATUS = "429 and 5xx on any operation";
    static final String UNDOCUMENTED_401 = "401 where the documents leave it out";
    static final String NON_JSON_ERROR = "text error bodies";
    static final String UNDOCUMENTED_ERROR_BODY = "error bodies the documents leave out";
    static final String NULL_CHANGE_VALUES = "null values of changelog items";
    static final String AGILE_LIST_PARAMETERS = "agile list parameters typed as objects";
    static final String SERVER_PAT = "Bearer personal access tokens";
    static final String SERVER_CREATEMETA_PAGE = "Data Center create metadata pages";

    private static final String V3_SPEC = "/openapi/jira-platform-v3.json";
    private static final String V2_SPEC = "/openapi/jira-platform-v2.patched.json";
    private static final String AGILE_SPEC = "/openapi/jira-software.json";
    /**
     * Cloud REST v2 operations newer than the v2 document, or changed since: checked against their v3 twins (same
     * shapes). The v2 document's Webhook lacks {@code url}, which the v3 one requires, as do clients generated from
     * Atlassian's current v2 document (jira.js, src/version2/models/webhook.ts).
     */
    private static final Pattern NEWER_THAN_V2 =
            Pattern.compile("/rest/api/2/(search/jql|search/approximate-count|changelog/bulkfetch|webhook)");
    private static final Pattern GATEWAY = Pattern.compile("^/ex/jira/[^/]+(?=/rest/)");
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    /** A rule the documents cannot know; {@code applies} sees the exchange and the validator's message. */
    private record Ignored(String name, BiPredicate<RecordedExchange, ValidationReport.Message> applies) {
    }

    private final Flavour flavour;
    private final List<Ignored> ignored;

    private OpenApiContract(Flavour flavour) {
        this.flavour = flavour;
        List<Ignored> rules = new ArrayList<>();
        rules.add(new Ignored(NO_CONTENT, (e, m) -> e.status() == 204 && m.getKey().equals("validation.response.body.missing")));
        rules.add(new Ignored(SEARCH_REMOVED, (e, m) -> flavour == Flavour.CLOUD && e.status() == 410
                && e.path().matches("/rest/api/[23]/search") && m.getKey().equals("validation.response.status.unknown")));
        rules.add(new Ignored(UNDOCUMENTED_ERROR_STATUS, (e, m) -> (e.status() == 429 || e.status() >= 500)
                && m.getKey().equals("validation.response.status.unknown")));
        rules.add(new Ignored(UNDOCUMENTED_401, (e, m) -> e.status() == 401
                && m.getKey().equals("validation.response.status.unknown")));
        rules.add(new Ignored(NON_JSON_ERROR, (e, m) -> e.status() >= 400 && !isJson(e.responseHeader("Content-Type"))
                && m.getKey().equals("validation.response.contentType.notAllowed")));
        rules.add(new Ignored(UNDOCUMENTED_ERROR_BODY, (e, m) -> e.status() >= 400
                && m.getKey().equals("validation.response.body.unexpected")));
        rules.add(new Ignored(NULL_CHANGE_VALUES, (e, m) -> isNullChangeValue(m)));
        rules.add(new Ignored(AGILE_LIST_PARAMETERS, (e, m) -> e.path().startsWith("/rest/agile/1.0/")
                && m.getKey().equals("validation.request.parameter.schema.invalidJson")
                && m.getContext().flatMap(c -> c.getParameter()).map(p -> List.of("state", "fields").contains(p.getName())).orElse(false)));
        if (flavour == Flavour.SERVER) {
            rules.add(new Ignored(SERVER_CREATEMETA_PAGE, (e, m) -> e.path().matches("/rest/api/2/issue/createmeta/[^/]+/issuetypes(/[^/]+)?")
                    && m.getKey().equals("validation.response.body.schema.additionalProperties")
                    && m.getMessage().matches(".*\\[(\"isLast\"|\"values\"|,)+\\].*")));
            rules.add(new Ignored(SERVER_PAT, (e, m) -> m.getKey().startsWith("validation.request.security")
                    && String.valueOf(e.requestHeader("Authorization")).startsWith("Bearer ")));
        }
        this.ignored = List.copyOf(rules);
    }

    /** The contract for the traffic of one sandbox flavour. */
    public static OpenApiContract forFlavour(Flavour flavour) {
        return new OpenApiContract(Objects.requireNonNull(flavour, "flavour"));
    }

    /** Spec violations of one exchange, each "METHOD path -> status: [rule key] message"; empty when it conforms. */
    public List<String> violations(RecordedExchange recorded) {
        RecordedExchange exchange = throughGateway(recorded);
        if (exchange.path().startsWith("/_sandbox") || exchange.status() == 0) {
            return List.of();
        }
        String version = restVersion(exchange.path());
        if (version == null || (flavour == Flavour.SERVER && version.equals("3"))) {
            return List.of(describe(exchange) + ": not a REST path of Jira " + flavour.deploymentType());
        }
        String path = exchange.path().replaceFirst("^/rest/api/latest/", "/rest/api/2/");
        boolean useV3 = version.equals("3") || NEWER_THAN_V2.matcher(path).matches();
        String specPath = useV3 ? path.replaceFirst("^/rest/api/2/", "/rest/api/3/") : path;
        OpenApiInteractionValidator validator = validator(version.equals("agile") ? AGILE_SPEC : useV3 ? V3_SPEC : V2_SPEC);
        ValidationReport report = validator.validate(request(exchange, specPath), response(exchange));
        List<String> violations = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR && ignored.stream().noneMatch(r -> r.applies().test(exchange, message))) {
                violations.add(describe(exchange) + ": [" + message.getKey() + "] " + message.getMessage()
                        + (message.getAdditionalInfo().isEmpty() ? "" : " " + message.getAdditionalInfo()));
            }
        }
        return violations;
    }

    /** A call through the API gateway as the site's REST call it reaches; any other exchange as it is. */
    private static RecordedExchange throughGateway(RecordedExchange e) {
        String site = GATEWAY.matcher(e.path()).replaceFirst("");
        return site.equals(e.path()) ? e : new RecordedExchange(e.method(), site, e.rawQuery(), e.requestHeaders(),
                e.requestBody(), e.status(), e.responseHeaders(), e.responseBody());
    }

    /** Violations of many exchanges, in order. */
    public List<String> violations(Collection<RecordedExchange> exchanges) {
        return exchanges.stream().flatMap(e -> violations(e).stream()).collect(Collectors.toList());
    }

    /** Throws an AssertionError listing every violation of the exchanges. */
    public void assertConforms(Collection<RecordedExchange> exchanges) {
        List<String> violations = violations(exchanges);
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " OpenAPI violation(s) in " + exchanges.size() + " exchange(s):\n"
                    + String.join("\n", violations));
        }
    }

    /** Names of the rules this contract ignores (documented in the class Javadoc). */
    public List<String> ignoredRules() {
        return ignored.stream().map(Ignored::name).collect(Collectors.toList());
    }

    private static String restVersion(String path) {
        if (path.startsWith("/rest/api/3/")) {
            return "3";
        }
        if (path.startsWith("/rest/api/2/") || path.startsWith("/rest/api/latest/")) {
            return "2";
        }
        if (path.startsWith("/rest/agile/1.0/")) {
            return "agile";
        }
        return null;
    }

    private static final String NULL_FOR_STRING = "Instance type (null) does not match any allowed primitive type (allowed: [\"string\"])";
    private static final Pattern CHANGE_VALUE = Pattern.compile(
            "\\[Path '/.*/items/\\d+/(from|fromString|to|toString)'] .*");
    private static final Pattern EMBEDDED_CHANGELOG = Pattern.compile(
            "\\[Path '(/issues/\\d+)?/changelog'] .*");

    /** A changelog item's null value: directly, or inside the embedded changelog's allOf (every nested cause). */
    private static boolean isNullChangeValue(ValidationReport.Message m) {
        if (m.getKey().equals("validation.response.body.schema.type")) {
            return m.getMessage().endsWith(NULL_FOR_STRING) && CHANGE_VALUE.matcher(m.getMessage()).matches();
        }
        return m.getKey().equals("validation.response.body.schema.allOf") && EMBEDDED_CHANGELOG.matcher(m.getMessage()).matches()
                && !m.getAdditionalInfo().isEmpty() && m.getAdditionalInfo().stream().allMatch(i -> i.endsWith(NULL_FOR_STRING));
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith("application/json");
    }

    private static String describe(RecordedExchange exchange) {
        return exchange.method() + " " + exchange.path() + " -> " + exchange.status();
    }

    private static OpenApiInteractionValidator validator(String resource) {
        return VALIDATORS.computeIfAbsent(resource, r -> OpenApiInteractionValidator
                .createForInlineApiSpecification(read(r))
                .build());
    }

    private static String read(String resource) {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Request request(RecordedExchange exchange, String specPath) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(exchange.method(), specPath);
        exchange.requestHeaders().forEach(builder::withHeader);
        query(exchange.rawQuery()).forEach(builder::withQueryParam);
        if (exchange.requestBody() != null && exchange.requestBody().length > 0) {
            builder.withBody(exchange.requestBody());
        }
        return builder.build();
    }

    private static Response response(RecordedExchange exchange) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(exchange.status());
        exchange.responseHeaders().forEach(builder::withHeader);
        if (exchange.responseBody() != null && exchange.responseBody().length > 0) {
            builder.withBody(exchange.responseBody());
        }
        return builder.build();
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }
}

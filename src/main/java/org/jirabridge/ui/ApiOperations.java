package org.jirabridge.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Consumer;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.apache.camel.component.rest.RestEndpoint;
import org.jirabridge.access.Caller;

/**
 * Runs an operation of the v1 API in-process for the web page, as the administrator: the exchange goes through the
 * REST DSL route of that operation (so the same beans, checks and JSON error contract apply), with no HTTP
 * connection and no credential in between. Operations are found among the running rest: routes by method and path,
 * so one that arrives later (ingestion) is found once it exists, and one that does not exist answers
 * {@link #absent}.
 */
public final class ApiOperations {

    /** What an operation answered: status, JSON (or text) body, and the Location header when it redirects. */
    public record Answer(int status, String body, String location) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** One REST operation: its method, its full path as a pattern with named parameters, and its route. */
    private record Operation(String method, Pattern path, List<String> parameters, Route route) {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final CamelContext context;
    private volatile List<Operation> operations;

    public ApiOperations(CamelContext context) {
        this.context = context;
    }

    /** Whether the API has an operation for this method and path (e.g. GET /api/v1/integrations/demo/ingestion). */
    public boolean exists(String method, String path) {
        return find(method, path).isPresent();
    }

    /**
     * Calls the operation at {@code path} ("/api/v1/…", query parameters separate) with an optional JSON body.
     * An operation the API does not have answers 404 {@code not_available}.
     */
    public Answer call(String method, String path, Map<String, String> query, String jsonBody) {
        Optional<Map.Entry<Operation, Map<String, String>>> found = find(method, path);
        if (found.isEmpty()) {
            return absent(method, path);
        }
        Operation operation = found.get().getKey();
        Consumer consumer = operation.route().getConsumer();
        Exchange answer = consumer.createExchange(false);
        answer.setPattern(ExchangePattern.InOut);
        answer.getExchangeExtension().setFromEndpoint(operation.route().getEndpoint());
        answer.getExchangeExtension().setFromRouteId(operation.route().getRouteId());
        var request = answer.getMessage();
        // query parameters first: path parameters win, as in platform-http
        query.forEach(request::setHeader);
        found.get().getValue().forEach(request::setHeader);
        request.setHeader(Exchange.HTTP_METHOD, method);
        request.setHeader(Exchange.HTTP_PATH, path);
        // the caller as ApiAccess would have set it for the admin credential
        request.setHeader(VertxPlatformHttpConstants.AUTHENTICATED_USER, Caller.ADMIN.toUser());
        if (jsonBody != null) {
            request.setHeader(Exchange.CONTENT_TYPE, "application/json");
            request.setBody(jsonBody);
        }
        try {
            // what the platform-http consumer does with a request: the route's processor, error handling included
            consumer.getProcessor().process(answer);
        } catch (Exception e) {
            answer.setException(e);
        }
        var message = answer.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = message.getBody(String.class);
        if (answer.getException() != null) {
            // the api-errors configuration handles every failure; this only guards against a route without it
            return new Answer(500, "{\"error\":\"internal_error\",\"message\":\"the request could not be processed;"
                    + " see the service log\",\"details\":[]}", null);
        }
        return new Answer(status == null ? (body == null ? 204 : 200) : status, body,
                message.getHeader("Location", String.class));
    }

    public static Answer absent(String method, String path) {
        return new Answer(404, "{\"error\":\"not_available\",\"message\":\"this build has no " + method + " "
                + path.replace("\"", "") + "\",\"details\":[]}", null);
    }

    private Optional<Map.Entry<Operation, Map<String, String>>> find(String method, String path) {
        for (Operation operation : operations()) {
            if (!operation.method().equalsIgnoreCase(method)) {
                continue;
            }
            Matcher matcher = operation.path().matcher(path);
            if (matcher.matches()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < operation.parameters().size(); i++) {
                    parameters.put(operation.parameters().get(i), matcher.group(i + 1));
                }
                return Optional.of(Map.entry(operation, parameters));
            }
        }
        return Optional.empty();
    }

    private List<Operation> operations() {
        List<Operation> known = operations;
        if (known == null) {
            known = read();
            operations = known;
        }
        return known;
    }

    /** The REST DSL's operations as they run: one route each, from a rest: endpoint (its direct: route inlined). */
    private List<Operation> read() {
        List<Operation> found = new java.util.ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (!(route.getEndpoint() instanceof RestEndpoint rest)) {
                continue;
            }
            String full = join(rest.getPath(), rest.getUriTemplate());
            List<String> names = new java.util.ArrayList<>();
            Matcher parameter = PARAMETER.matcher(full);
            StringBuilder regex = new StringBuilder();
            int last = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(full.substring(last, parameter.start()))).append("([^/]+)");
                names.add(parameter.group(1));
                last = parameter.end();
            }
            regex.append(Pattern.quote(full.substring(last)));
            found.add(new Operation(rest.getMethod(), Pattern.compile(regex.toString()), names, route));
        }
        return List.copyOf(found);
    }

    private static String join(String base, String path) {
        String left = base == null ? "" : base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String right = path == null ? "" : path.startsWith("/") ? path : "/" + path;
        return left + right;
    }
}

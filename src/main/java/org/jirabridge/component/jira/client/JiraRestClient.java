package org.jirabridge.component.jira.client;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;
import org.jirabridge.auth.AuthStrategy;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraRestException;

/**
 * Talks to one Jira site with one set of credentials: builds the URL on the strategy's API base URL, adds the
 * strategy's authentication headers to every request, asks the strategy once for fresh credentials after a 401, and
 * turns every non-2xx answer and every I/O failure into a {@link JiraRestException}. Paths are absolute
 * ({@code /rest/api/2/...}); {@link #api(String)} prefixes the REST version of the deployment.
 */
public final class JiraRestClient {

    private final CloseableHttpClient http;
    private final String siteUrl;
    private final String apiBaseUrl;
    private final Deployment deployment;
    private final AuthStrategy auth;
    private final RequestConfig requestConfig;
    private final Clock clock;
    private final RequestPacer pacer;
    private final Runnable onRateLimited;

    /**
     * @param siteUrl    the site users browse (issue links are built on it)
     * @param apiBaseUrl where REST paths go: the site, or the API gateway for OAuth 2.0 and scoped tokens
     * @param pacer      the site's request pacing, shared by every client of the site
     * @param onRateLimited called for every 429 answer (metrics)
     */
    public JiraRestClient(CloseableHttpClient http, String siteUrl, String apiBaseUrl, Deployment deployment,
                          AuthStrategy auth, int socketTimeoutMillis, Clock clock, RequestPacer pacer,
                          Runnable onRateLimited) {
        this.http = http;
        this.pacer = pacer;
        this.onRateLimited = onRateLimited;
        this.siteUrl = stripTrailingSlash(siteUrl);
        this.apiBaseUrl = stripTrailingSlash(apiBaseUrl);
        this.deployment = deployment;
        this.auth = auth;
        this.requestConfig = RequestConfig.custom()
                .setResponseTimeout(Timeout.ofMilliseconds(socketTimeoutMillis))
                // waiting for a free pooled connection counts against the same budget as waiting for Jira
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(socketTimeoutMillis))
                .build();
        this.clock = clock;
    }

    public Deployment deployment() {
        return deployment;
    }

    /** The link a person opens to see the issue. */
    public String browseUrl(String issueKey) {
        return siteUrl + "/browse/" + issueKey;
    }

    public boolean isCloud() {
        return deployment == Deployment.CLOUD;
    }

    /** {@code /rest/api/3} + path on Cloud, {@code /rest/api/2} + path on Server/DC. */
    public String api(String path) {
        return "/rest/api/" + deployment.restApiVersion() + path;
    }

    public Object get(String path, Map<String, ?> query) {
        return json(send("GET", path, query, null, Map.of()));
    }

    public Object post(String path, Map<String, ?> query, Object body) {
        return json(send("POST", path, query, jsonEntity(body), Map.of()));
    }

    public Object put(String path, Map<String, ?> query, Object body) {
        return json(send("PUT", path, query, jsonEntity(body), Map.of()));
    }

    public Object delete(String path, Map<String, ?> query) {
        return json(send("DELETE", path, query, null, Map.of()));
    }

    /** Multipart upload of one file as part {@code file}, with the XSRF opt-out Jira requires for attachments. */
    public Object attach(String path, String requestedName, String contentType, Object content) {
        ContentType type = ContentType.parse(contentType);
        // the name came from a report: no path or control character reaches Jira
        String fileName = FileNames.clean(requestedName);
        Supplier<HttpEntity> entity = () -> {
            MultipartEntityBuilder builder = MultipartEntityBuilder.create()
                    .setMode(HttpMultipartMode.LEGACY)
                    .setCharset(StandardCharsets.UTF_8);
            if (content instanceof File file) {
                builder.addBinaryBody("file", file, type, fileName);
            } else {
                builder.addBinaryBody("file", (byte[]) content, type, fileName);
            }
            return builder.build();
        };
        return json(send("POST", path, Map.of(), entity, Map.of("X-Atlassian-Token", "no-check")));
    }

    /**
     * Sends a request and returns Jira's 2xx answer; anything else is thrown as {@link JiraRestException}.
     *
     * @param entity a fresh request body per call (a 401 retry sends it again), or null
     */
    public JiraResponse send(String method, String path, Map<String, ?> query, Supplier<HttpEntity> entity,
                             Map<String, String> extraHeaders) {
        return send(method, path, query, entity, extraHeaders, false);
    }

    /**
     * As {@link #send(String, String, Map, Supplier, Map)}; with {@code tree}, a 2xx JSON answer is parsed into
     * {@link JiraResponse#tree()} straight from the connection, so a big page never sits in memory as text too.
     */
    public JiraResponse send(String method, String path, Map<String, ?> query, Supplier<HttpEntity> entity,
                             Map<String, String> extraHeaders, boolean tree) {
        URI uri = uri(path, query);
        for (int attempt = 1; ; attempt++) {
            JiraResponse response = execute(method, path, uri, entity, extraHeaders, tree);
            if (response.status() == 429) {
                onRateLimited.run();
            }
            if (response.isSuccess()) {
                return response;
            }
            // one retry with fresh credentials when the strategy can get them (OAuth refresh, re-read secret)
            if (response.status() == 401 && attempt == 1 && refreshAfterUnauthorized(method, path)) {
                continue;
            }
            throw JiraErrors.fromResponse(method, path, response, clock);
        }
    }

    private boolean refreshAfterUnauthorized(String method, String path) {
        try {
            return auth.refreshAfterUnauthorized();
        } catch (org.jirabridge.auth.CredentialsException e) {
            throw JiraErrors.fromCredentials(method, path, e);
        }
    }

    private JiraResponse execute(String method, String path, URI uri, Supplier<HttpEntity> entity,
                                 Map<String, String> extraHeaders, boolean tree) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.setConfig(requestConfig);
        request.setHeader("Accept", "application/json");
        try {
            auth.authorizationHeaders(method, uri).forEach(request::setHeader);
        } catch (org.jirabridge.auth.CredentialsException e) {
            // e.g. the refresh token was revoked: the same failure classes as Jira's own 401
            throw JiraErrors.fromCredentials(method, path, e);
        }
        extraHeaders.forEach(request::setHeader);
        if (entity != null) {
            request.setEntity(entity.get());
        }
        pacer.acquire();
        try {
            return http.execute(request, HttpClientContext.create(), response -> {
                pacer.observe(rateSignal(response));
                String contentType = value(response.getFirstHeader("Content-Type"));
                String retryAfter = value(response.getFirstHeader("Retry-After"));
                HttpEntity answer = response.getEntity();
                boolean success = response.getCode() >= 200 && response.getCode() < 300;
                if (tree && success && answer != null && isJson(contentType)) {
                    // read as it arrives: a text copy of a big page would be allocated twice over (grown, then copied)
                    return new JiraResponse(response.getCode(), response.getReasonPhrase(), contentType, retryAfter, "",
                            Json.readTree(answer.getContent()));
                }
                String body = answer == null ? "" : EntityUtils.toString(answer, StandardCharsets.UTF_8);
                return new JiraResponse(response.getCode(), response.getReasonPhrase(), contentType, retryAfter, body);
            });
        } catch (IOException e) {
            throw JiraErrors.fromIo(method, path, e);
        }
    }

    /** What the answer tells the pacer: Retry-After, the announced limit, and whether the budget is nearly spent. */
    private RequestPacer.Signal rateSignal(org.apache.hc.core5.http.ClassicHttpResponse response) {
        String retryAfter = value(response.getFirstHeader("Retry-After"));
        Duration wait = retryAfter == null ? null : RetryAfter.parse(retryAfter, clock);
        Integer limit = null;
        String announced = value(response.getFirstHeader("X-RateLimit-Limit"));
        if (announced != null) {
            try {
                limit = Integer.valueOf(announced.trim());
            } catch (NumberFormatException ignored) {
                // a limit we cannot read does not change the pacing
            }
        }
        return new RequestPacer.Signal(response.getCode(), wait == null ? null : wait.toMillis(), limit,
                "true".equalsIgnoreCase(value(response.getFirstHeader("X-RateLimit-NearLimit"))),
                value(response.getFirstHeader("RateLimit-Reason")));
    }

    private URI uri(String path, Map<String, ?> query) {
        try {
            URIBuilder builder = new URIBuilder(apiBaseUrl + path);
            query.forEach((name, value) -> {
                if (value != null) {
                    builder.addParameter(name, String.valueOf(value));
                }
            });
            return builder.build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid Jira path: " + path, e);
        }
    }

    /** A JSON request body for {@link #send}: a String is sent as is, anything else is written as JSON. */
    public Supplier<HttpEntity> jsonBody(Object body) {
        return jsonEntity(body);
    }

    private static Supplier<HttpEntity> jsonEntity(Object body) {
        if (body == null) {
            return null;
        }
        String json = body instanceof String text ? text : Json.write(body);
        return () -> new StringEntity(json, ContentType.APPLICATION_JSON);
    }

    private static Object json(JiraResponse response) {
        if (response.body().isBlank()) {
            return null;
        }
        // most answers are JSON; a few (and some proxies) answer text, which is returned as is
        return Json.readOrText(response.body());
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    private static String value(Header header) {
        return header == null ? null : header.getValue();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "JiraRestClient[" + apiBaseUrl + ", " + deployment + ", " + auth + "]";
    }
}

package org.jirabridge.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.store.Json;
import org.jirabridge.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes API answers: JSON bodies with a status, and the error contract for every failure (never a stack trace). */
public final class ApiResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);

    /** Sets a JSON body and status on the exchange's message. */
    public static void json(Exchange exchange, int status, Object body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(body));
    }

    /** The request body, which must be sent as JSON; anything else is a 415 naming {@code what} was expected. */
    public static String jsonBody(Exchange exchange, String what) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send the " + what + " as application/json");
        }
        return exchange.getMessage().getBody(String.class);
    }

    /** The error contract: {"error","message","details"}. */
    public static Map<String, Object> errorBody(String error, String message, List<?> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        body.put("details", details);
        return body;
    }

    /** Turns the exception caught by the route into the error contract; bound as bean {@code apiResponses}. */
    public void error(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        Map<String, Object> body;
        if (caught instanceof ApiException api) {
            status = api.status();
            body = errorBody(api.error(), api.getMessage(), api.details());
        } else if (caught instanceof StoreException) {
            status = 503;
            // the client keeps its report and tries again; we never accept what we cannot store
            exchange.getMessage().setHeader("Retry-After", "5");
            body = errorBody("unavailable", "storage is unavailable, try again shortly", List.of());
            LOG.warn("API request failed: {}", caught.getMessage());
        } else {
            status = 500;
            body = errorBody("internal_error", "the request could not be processed; see the service log", List.of());
            LOG.error("API request failed", caught);
        }
        json(exchange, status, body);
    }
}

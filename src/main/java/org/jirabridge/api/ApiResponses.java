package org.jirabridge.api;

import java.util.LinkedHashMap;
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

    /** Turns the exception caught by the route into the error contract; bound as bean {@code apiResponses}. */
    public void error(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        if (caught instanceof ApiException api) {
            status = api.status();
            body.put("error", api.error());
            body.put("message", api.getMessage());
            body.put("details", api.details());
        } else if (caught instanceof StoreException) {
            status = 503;
            // the client keeps its report and tries again; we never accept what we cannot store
            exchange.getMessage().setHeader("Retry-After", "5");
            body.put("error", "unavailable");
            body.put("message", "storage is unavailable, try again shortly");
            body.put("details", java.util.List.of());
            LOG.warn("API request failed: {}", caught.getMessage());
        } else {
            status = 500;
            body.put("error", "internal_error");
            body.put("message", "the request could not be processed; see the service log");
            body.put("details", java.util.List.of());
            LOG.error("API request failed", caught);
        }
        json(exchange, status, body);
    }
}

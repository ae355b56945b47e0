package org.jirabridge.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.integration.InvalidIntegrationException;
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

    /**
     * An answer of an operation with JSON binding: the status and the response record, which the REST DSL's binding
     * writes ({@link ApiJsonFormat}); a null record is an answer without a body.
     */
    public static void bound(Exchange exchange, int status, Object record) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(record);
    }

    /**
     * The request body, which must be sent as JSON ({@code application/json}, or one of {@code alsoAccepted}) in
     * UTF-8; another media type is a 415 naming {@code what} was expected, bytes that are not UTF-8 a 400 naming the
     * offset of the first one (decoding them leniently would store replacement characters in place of the text).
     */
    public static String jsonBody(Exchange exchange, String what, String... alsoAccepted) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json") && Arrays.stream(alsoAccepted).noneMatch(type::startsWith)) {
            throw new ApiException(415, "unsupported_media_type", "send the " + what + " as application/json");
        }
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        return raw == null ? null : utf8(raw, what);
    }

    private static String utf8(byte[] raw, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(raw.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            // the decoder stops at the first byte of the bad sequence
            int offset = in.position();
            String problem = "byte " + String.format(Locale.ROOT, "0x%02X", raw[offset] & 0xFF) + " at offset "
                    + offset + " is not valid UTF-8";
            Map<String, Object> detail = new LinkedHashMap<>(ApiException.fieldProblem("body", problem));
            detail.put("offset", offset);
            throw new ApiException(400, "invalid_utf8", "the " + what + " is not valid UTF-8: " + problem
                    + "; send the body encoded as UTF-8", List.of(detail));
        }
        decoder.flush(out);
        return out.flip().toString();
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
        if (caught instanceof InvalidIntegrationException invalid) {
            caught = ApiException.invalidIntegration(invalid);
        }
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

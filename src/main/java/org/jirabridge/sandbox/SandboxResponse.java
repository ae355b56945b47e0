package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the sandbox answers: status, headers and body, or an instruction to drop the connection. */
final class SandboxResponse {

    static final String JSON = "application/json;charset=UTF-8";

    private final int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final byte[] body;
    private final boolean drop;

    private SandboxResponse(int status, byte[] body, boolean drop) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        this.drop = drop;
    }

    static SandboxResponse json(int status, JsonNode body) {
        return new SandboxResponse(status, Json.bytes(body), false).header("Content-Type", JSON);
    }

    static SandboxResponse text(int status, String contentType, String text) {
        return new SandboxResponse(status, text.getBytes(StandardCharsets.UTF_8), false).header("Content-Type", contentType);
    }

    static SandboxResponse noContent() {
        return new SandboxResponse(204, null, false);
    }

    /** 202 without a body (Jira's answer to accepted deletions such as DELETE /webhook). */
    static SandboxResponse accepted() {
        return new SandboxResponse(202, null, false);
    }

    static SandboxResponse drop() {
        return new SandboxResponse(0, null, true);
    }

    /** Jira's error body: {"errorMessages":[...],"errors":{field: message}}. */
    static SandboxResponse errors(int status, List<String> errorMessages, Map<String, String> fieldErrors) {
        ObjectNode body = Json.object();
        body.set("errorMessages", Json.array(errorMessages));
        ObjectNode errors = body.putObject("errors");
        fieldErrors.forEach(errors::put);
        return json(status, body);
    }

    static SandboxResponse errorMessage(int status, String message) {
        return errors(status, List.of(message), Map.of());
    }

    static SandboxResponse fieldErrors(Map<String, String> fieldErrors) {
        return errors(400, List.of(), fieldErrors);
    }

    SandboxResponse header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    int status() {
        return status;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    boolean isDrop() {
        return drop;
    }
}

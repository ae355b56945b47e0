package org.jirabridge.sandbox;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A comment; {@code body} is kept as written: a string (v2) or an ADF document (v3). */
record SandboxComment(long id, String authorId, JsonNode body, Instant created, Instant updated) {
}

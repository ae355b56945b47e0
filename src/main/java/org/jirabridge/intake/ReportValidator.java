package org.jirabridge.intake;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jirabridge.api.ApiException;
import org.jirabridge.report.Report;
import org.jirabridge.store.Json;

/**
 * Checks a report body against the v1 contract and names every field that is wrong. Unknown fields are refused
 * rather than dropped, so nothing a user sent is lost silently.
 */
public final class ReportValidator {

    public static final Set<String> TYPES = Set.of("bug", "crash", "feedback");
    public static final Set<String> PRIORITIES = Set.of("NA", "Trivial", "Minor", "Major", "Blocker");

    private static final Set<String> TOP_LEVEL = Set.of("title", "description", "type", "priority", "reporter", "app",
            "device", "tags", "attributes", "attachments", "integrationId", "externalId");
    private static final Set<String> REPORTER = Set.of("email", "name");
    private static final Set<String> APP = Set.of("name", "version", "platform");
    private static final Set<String> ATTACHMENT = Set.of("name", "contentType", "data");
    private static final int MAX_TITLE = 2000;
    private static final int MAX_DESCRIPTION = 100_000;
    private static final int MAX_SHORT_TEXT = 500;
    private static final int MAX_TAGS = 100;

    private final long maxAttachmentBytes;

    public ReportValidator(long maxAttachmentBytes) {
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    /** Parses and validates; throws a 400 {@link ApiException} listing every problem. */
    public Report validate(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "malformed_json", "the body is empty; send the report as a JSON object");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.malformedJson(e);
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(400, "invalid_report", "the body must be a JSON object");
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        unknownFields(root, TOP_LEVEL, "", problems);

        String title = text(root, "title", MAX_TITLE, problems);
        boolean titleGiven = root.hasNonNull("title") && root.get("title").isTextual();
        if (!titleGiven && !root.hasNonNull("title") || titleGiven && title.isBlank()) {
            problems.add(ApiException.fieldProblem("title", "is required and must not be blank"));
        }
        text(root, "description", MAX_DESCRIPTION, problems);
        String type = text(root, "type", MAX_SHORT_TEXT, problems);
        if (type != null && !TYPES.contains(type)) {
            problems.add(ApiException.fieldProblem("type", "must be one of " + sorted(TYPES)));
        }
        String priority = text(root, "priority", MAX_SHORT_TEXT, problems);
        if (priority != null && !PRIORITIES.contains(priority)) {
            problems.add(ApiException.fieldProblem("priority", "must be one of NA, Trivial, Minor, Major, Blocker"));
        }
        text(root, "integrationId", MAX_SHORT_TEXT, problems);
        text(root, "externalId", 200, problems);
        object(root, "reporter", REPORTER, problems);
        String email = root.path("reporter").path("email").isTextual() ? root.path("reporter").path("email").asText() : null;
        if (email != null && !email.isEmpty() && !email.matches("[^@\\s<>()\\[\\],;:\"]+@[^@\\s<>()\\[\\],;:\"]+")) {
            problems.add(ApiException.fieldProblem("reporter.email", "is not an email address"));
        }
        object(root, "app", APP, problems);
        if (root.has("device") && !root.get("device").isObject()) {
            problems.add(ApiException.fieldProblem("device", "must be an object"));
        }
        if (root.has("attributes") && !root.get("attributes").isObject()) {
            problems.add(ApiException.fieldProblem("attributes", "must be an object"));
        }
        tags(root, problems);
        attachments(root, problems);

        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_report", "the report has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
        ObjectNode normalised = ((ObjectNode) root).deepCopy();
        if (type == null) {
            normalised.put("type", "bug");
        }
        if (priority == null) {
            normalised.put("priority", "NA");
        }
        try {
            return Json.MAPPER.treeToValue(normalised, Report.class);
        } catch (JsonProcessingException e) {
            // the checks above leave nothing the mapping could refuse; its own words would name Jackson's classes
            throw new ApiException(400, "invalid_report", "the report does not match the contract");
        }
    }

    private static String text(JsonNode root, String field, int maxLength, List<Map<String, Object>> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(ApiException.fieldProblem(field, "must be a string"));
            return null;
        }
        String value = node.asText();
        if (value.length() > maxLength) {
            problems.add(ApiException.fieldProblem(field, "must be at most " + maxLength + " characters"));
        }
        return value;
    }

    private static void object(JsonNode root, String field, Set<String> allowed, List<Map<String, Object>> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            problems.add(ApiException.fieldProblem(field, "must be an object"));
            return;
        }
        unknownFields(node, allowed, field + ".", problems);
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
                problems.add(ApiException.fieldProblem(field + "." + entry.getKey(), "must be a string"));
            }
        });
    }

    private static void tags(JsonNode root, List<Map<String, Object>> problems) {
        JsonNode tags = root.get("tags");
        if (tags == null || tags.isNull()) {
            return;
        }
        if (!tags.isArray()) {
            problems.add(ApiException.fieldProblem("tags", "must be an array of strings"));
            return;
        }
        if (tags.size() > MAX_TAGS) {
            problems.add(ApiException.fieldProblem("tags", "must have at most " + MAX_TAGS + " entries"));
        }
        for (int i = 0; i < tags.size(); i++) {
            if (!tags.get(i).isTextual()) {
                problems.add(ApiException.fieldProblem("tags[" + i + "]", "must be a string"));
            }
        }
    }

    private void attachments(JsonNode root, List<Map<String, Object>> problems) {
        JsonNode attachments = root.get("attachments");
        if (attachments == null || attachments.isNull()) {
            return;
        }
        if (!attachments.isArray()) {
            problems.add(ApiException.fieldProblem("attachments", "must be an array"));
            return;
        }
        for (int i = 0; i < attachments.size(); i++) {
            String prefix = "attachments[" + i + "]";
            JsonNode attachment = attachments.get(i);
            if (!attachment.isObject()) {
                problems.add(ApiException.fieldProblem(prefix, "must be an object"));
                continue;
            }
            unknownFields(attachment, ATTACHMENT, prefix + ".", problems);
            if (!attachment.path("name").isTextual() || attachment.path("name").asText().isBlank()) {
                problems.add(ApiException.fieldProblem(prefix + ".name", "is required"));
            }
            if (!attachment.path("data").isTextual()) {
                problems.add(ApiException.fieldProblem(prefix + ".data", "is required (base64)"));
                continue;
            }
            try {
                byte[] data = decodeBase64(attachment.path("data").asText());
                if (data.length > maxAttachmentBytes) {
                    problems.add(ApiException.fieldProblem(prefix + ".data", "is larger than the limit of "
                            + maxAttachmentBytes + " bytes"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(ApiException.fieldProblem(prefix + ".data", "is not valid base64"));
            }
        }
    }

    /** Strict base64 (line breaks allowed): the MIME decoder would silently skip invalid characters. */
    public static byte[] decodeBase64(String data) {
        return Base64.getDecoder().decode(data.replaceAll("\\s", ""));
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String prefix,
                                      List<Map<String, Object>> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(ApiException.fieldProblem(prefix + name, "is not a known field"));
            }
        }
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", new java.util.TreeSet<>(values));
    }
}

package org.jirabridge.sync;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

import com.fasterxml.jackson.databind.JsonNode;

/** Jira's time formats, read leniently: a time that cannot be read is null, never an exception. */
final class JiraTimes {

    /** 2026-11-23T07:12:01.123+0000, also with 0–9 fraction digits and +00:00 or Z. */
    private static final DateTimeFormatter REST = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();

    /** Old Cloud webhooks wrote the timestamp as "2018-12-20 15:45:59,695" (no zone: read as UTC). */
    private static final DateTimeFormatter OLD_WEBHOOK = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-M-d H:m:s")
            .optionalStart().appendLiteral(',').appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, false).optionalEnd()
            .toFormatter();

    private JiraTimes() {
    }

    /** A REST time such as fields.updated or comment.updated. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip(), REST).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant parse(JsonNode node) {
        return node == null || !node.isTextual() ? null : parse(node.asText());
    }

    /** A webhook's top-level timestamp: epoch milliseconds, or the old string form. */
    static Instant webhookTimestamp(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        String text = node.asText().strip();
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return LocalDateTime.parse(text, OLD_WEBHOOK).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return parse(text);
        }
    }
}

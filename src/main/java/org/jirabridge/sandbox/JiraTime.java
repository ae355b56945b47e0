package org.jirabridge.sandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Jira's timestamp format, e.g. 2026-11-23T07:12:01.123+0000; the sandbox's time zone is UTC. */
final class JiraTime {

    static final ZoneOffset ZONE = ZoneOffset.UTC;
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZONE);

    private JiraTime() {
    }

    static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    /** Reads Jira's format or ISO-8601 (seed files may use either). */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text, FORMAT).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}

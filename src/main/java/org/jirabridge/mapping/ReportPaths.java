package org.jirabridge.mapping;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jirabridge.report.Report;

/**
 * The report paths a mapping entry can read ({@code "source": "app.version"}), what kind of value each holds, and
 * their values in a report. Pure.
 */
public final class ReportPaths {

    /** What a path holds, for the type checks made when a mapping is saved. */
    public enum Kind {
        /** Always a non-empty string (title, type, priority, reportId). */
        TEXT_ALWAYS,
        /** A string or nothing. */
        TEXT,
        /** A list of strings (tags). */
        TEXT_LIST,
        /** Whatever the report sent (device.*, attributes.*): checked when a report is mapped. */
        ANY
    }

    /** Fixed paths and their kinds; device.* and attributes.* come on top. */
    private static final Map<String, Kind> FIXED = Map.ofEntries(
            Map.entry("title", Kind.TEXT_ALWAYS),
            Map.entry("description", Kind.TEXT),
            Map.entry("type", Kind.TEXT_ALWAYS),
            Map.entry("priority", Kind.TEXT_ALWAYS),
            Map.entry("tags", Kind.TEXT_LIST),
            Map.entry("reporter.email", Kind.TEXT),
            Map.entry("reporter.name", Kind.TEXT),
            Map.entry("app.name", Kind.TEXT),
            Map.entry("app.version", Kind.TEXT),
            Map.entry("app.platform", Kind.TEXT),
            Map.entry("externalId", Kind.TEXT),
            Map.entry("reportId", Kind.TEXT_ALWAYS));

    /** The paths listed in error messages. */
    public static final List<String> KNOWN = List.of("title", "description", "type", "priority", "tags",
            "reporter.email", "reporter.name", "app.name", "app.version", "app.platform", "device.<key>",
            "attributes.<key>", "externalId", "reportId");

    private ReportPaths() {
    }

    /** The kind of value at a path; empty when the path is not one a report has. */
    public static Optional<Kind> kind(String path) {
        if (path == null) {
            return Optional.empty();
        }
        if (FIXED.containsKey(path)) {
            return Optional.of(FIXED.get(path));
        }
        if (isFreeForm(path, "device.") || isFreeForm(path, "attributes.")) {
            return Optional.of(Kind.ANY);
        }
        return Optional.empty();
    }

    private static boolean isFreeForm(String path, String prefix) {
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return false;
        }
        for (String key : path.substring(prefix.length()).split("\\.", -1)) {
            if (key.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value at a path: a String, a List, a Number, a Boolean, a Map or null when the report has nothing there.
     * Type and priority read as their defaults ("bug", "NA") when the report leaves them out.
     */
    public static Object value(Report report, String reportId, String path) {
        return switch (path) {
            case "title" -> report.title();
            case "description" -> report.description();
            case "type" -> report.type() == null || report.type().isBlank() ? "bug"
                    : report.type().toLowerCase(Locale.ROOT);
            case "priority" -> PriorityMap.canonical(report.priority());
            case "tags" -> report.tags();
            case "reporter.email" -> report.reporter() == null ? null : report.reporter().email();
            case "reporter.name" -> report.reporter() == null ? null : report.reporter().name();
            case "app.name" -> report.app() == null ? null : report.app().name();
            case "app.version" -> report.app() == null ? null : report.app().version();
            case "app.platform" -> report.app() == null ? null : report.app().platform();
            case "externalId" -> report.externalId();
            case "reportId" -> reportId;
            default -> {
                if (path.startsWith("device.")) {
                    yield nested(report.device(), path.substring("device.".length()));
                }
                if (path.startsWith("attributes.")) {
                    yield nested(report.attributes(), path.substring("attributes.".length()));
                }
                throw new IllegalArgumentException("unknown report path " + path);
            }
        };
    }

    private static Object nested(Map<String, Object> root, String keys) {
        Object current = root;
        for (String key : keys.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }
}

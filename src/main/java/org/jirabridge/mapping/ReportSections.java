package org.jirabridge.mapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jirabridge.report.Report;

/**
 * The report facts appended to the description ("reporter", "app", ...), first as a format-neutral
 * model, then rendered to ADF blocks or wiki markup. Every value is user text and is rendered as text.
 */
final class ReportSections {

    static final int MAX_ROWS = 100;
    static final int MAX_KEY_LENGTH = 200;
    static final int MAX_VALUE_LENGTH = 1000;
    private static final int MAX_VALUE_DEPTH = 5;

    private ReportSections() {
    }

    /** Console logs: the last lines of a text attachment, at most this many… */
    static final int MAX_LOG_LINES = 50;
    /** …and at most this many characters. */
    static final int MAX_LOG_CHARS = 5000;

    /** One section: a heading with a key/value table, a bullet list, a link, or a code block. */
    record Section(String title, List<Row> rows, List<String> items, Link link, String code) {
        Section(String title, List<Row> rows, List<String> items, Link link) {
            this(title, rows, items, link, null);
        }
    }

    record Row(String key, String value) {
    }

    record Link(String text, String href) {
    }

    /** The sections selected by the config, in its order, skipping sections that have nothing to show. */
    static List<Section> of(Report report, String reportId, MappingConfig config) {
        List<Section> sections = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String name : config.include()) {
            String key = name.strip().toLowerCase(Locale.ROOT);
            if (!seen.add(key)) {
                continue;
            }
            Section section = switch (key) {
                case "reporter" -> reporter(report);
                case "app" -> app(report);
                case "device" -> table("Device", report.device());
                case "tags" -> tags(report);
                case "attributes" -> table("Attributes", report.attributes());
                case "attachments" -> attachments(report);
                case "link" -> link(reportId, config.reportLinkBase());
                case "logs" -> {
                    // one section per text attachment; added here, so the switch yields nothing more
                    sections.addAll(logs(report));
                    yield null;
                }
                default -> null;
            };
            if (section != null) {
                sections.add(section);
            }
        }
        return sections;
    }

    private static Section reporter(Report report) {
        Report.Reporter reporter = report.reporter();
        if (reporter == null) {
            return null;
        }
        List<Row> rows = new ArrayList<>();
        addRow(rows, "Name", reporter.name());
        addRow(rows, "Email", reporter.email());
        return rows.isEmpty() ? null : new Section("Reporter", rows, null, null);
    }

    private static Section app(Report report) {
        Report.App app = report.app();
        if (app == null) {
            return null;
        }
        List<Row> rows = new ArrayList<>();
        addRow(rows, "Name", app.name());
        addRow(rows, "Version", app.version());
        addRow(rows, "Platform", app.platform());
        return rows.isEmpty() ? null : new Section("App", rows, null, null);
    }

    private static void addRow(List<Row> rows, String key, String value) {
        String text = value(value, 0);
        if (!text.isEmpty()) {
            rows.add(new Row(key, text));
        }
    }

    /** A map as rows sorted by key, so the output does not depend on the map's iteration order. */
    private static Section table(String title, Map<String, Object> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        TreeMap<String, Object> sorted = new TreeMap<>();
        values.forEach((key, value) -> sorted.put(key == null ? "" : UserText.truncate(UserText.singleLine(key), MAX_KEY_LENGTH), value));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            if (rows.size() == MAX_ROWS) {
                rows.add(new Row(UserText.CUT_MARKER, (sorted.size() - MAX_ROWS) + " more"));
                break;
            }
            rows.add(new Row(entry.getKey(), value(entry.getValue(), 0)));
        }
        return new Section(title, rows, null, null);
    }

    private static Section tags(Report report) {
        if (report.tags() == null) {
            return null;
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : report.tags()) {
            String text = value(tag, 0);
            if (!text.isEmpty()) {
                tags.add(text);
            }
        }
        return tags.isEmpty() ? null : new Section("Tags", null, capped(new ArrayList<>(tags)), null);
    }

    private static Section attachments(Report report) {
        if (report.attachments() == null) {
            return null;
        }
        List<String> items = new ArrayList<>();
        for (Report.Attachment attachment : report.attachments()) {
            if (attachment == null) {
                continue;
            }
            String name = value(attachment.name(), 0);
            String type = value(attachment.contentType(), 0);
            StringBuilder item = new StringBuilder(name.isEmpty() ? "(unnamed)" : name).append(" (");
            if (!type.isEmpty()) {
                item.append(type).append(", ");
            }
            item.append(humanSize(decodedSize(attachment.data()))).append(')');
            items.add(item.toString());
        }
        return items.isEmpty() ? null : new Section("Attachments", null, capped(items), null);
    }

    /** The end of every text attachment (text/*, .log, .txt), as a code block: the end of a log says most. */
    private static List<Section> logs(Report report) {
        List<Section> sections = new ArrayList<>();
        if (report.attachments() == null) {
            return sections;
        }
        for (Report.Attachment attachment : report.attachments()) {
            if (attachment == null || !isText(attachment)) {
                continue;
            }
            String text;
            try {
                text = new String(java.util.Base64.getMimeDecoder().decode(attachment.data() == null ? "" : attachment.data()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            String code = tail(UserText.clean(text));
            if (!code.isBlank()) {
                String name = value(attachment.name(), 0);
                sections.add(new Section("Log: " + (name.isEmpty() ? "(unnamed)" : name), null, null, null, code));
            }
        }
        return sections;
    }

    private static boolean isText(Report.Attachment attachment) {
        String type = attachment.contentType() == null ? "" : attachment.contentType().toLowerCase(Locale.ROOT);
        String name = attachment.name() == null ? "" : attachment.name().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || name.endsWith(".log") || name.endsWith(".txt");
    }

    /** The last MAX_LOG_LINES lines and MAX_LOG_CHARS characters, marked when cut. */
    private static String tail(String text) {
        String trimmed = text.strip();
        String[] lines = trimmed.split("\n", -1);
        boolean cut = false;
        if (lines.length > MAX_LOG_LINES) {
            trimmed = String.join("\n", java.util.Arrays.copyOfRange(lines, lines.length - MAX_LOG_LINES, lines.length));
            cut = true;
        }
        if (trimmed.length() > MAX_LOG_CHARS) {
            int start = trimmed.length() - MAX_LOG_CHARS;
            if (Character.isLowSurrogate(trimmed.charAt(start))) {
                start++;
            }
            trimmed = trimmed.substring(start);
            cut = true;
        }
        return cut ? UserText.CUT_MARKER + " (earlier lines left out)\n" + trimmed : trimmed;
    }

    private static Section link(String reportId, String base) {
        if (base == null || base.isBlank() || reportId == null || reportId.isBlank()) {
            return null;
        }
        String href = SafeUrl.httpUrl(base.strip() + encodePathSegment(reportId.strip()));
        if (href == null) {
            return null;
        }
        return new Section("Report", null, null, new Link("Open report " + UserText.singleLine(reportId), href));
    }

    private static List<String> capped(List<String> items) {
        if (items.size() <= MAX_ROWS) {
            return items;
        }
        List<String> capped = new ArrayList<>(items.subList(0, MAX_ROWS));
        capped.add(UserText.CUT_MARKER + " " + (items.size() - MAX_ROWS) + " more");
        return capped;
    }

    /** Any JSON-like value as one line of text: maps sorted by key, lists in order, cut at MAX_VALUE_LENGTH. */
    static String value(Object value, int depth) {
        String text;
        if (value == null) {
            text = "";
        } else if (value instanceof Map<?, ?> map) {
            if (depth >= MAX_VALUE_DEPTH) {
                text = "{" + UserText.CUT_MARKER + "}";
            } else {
                TreeMap<String, String> sorted = new TreeMap<>();
                map.forEach((k, v) -> sorted.put(String.valueOf(k), value(v, depth + 1)));
                List<String> parts = new ArrayList<>();
                sorted.forEach((k, v) -> parts.add(UserText.singleLine(k) + ": " + v));
                text = "{" + String.join(", ", parts) + "}";
            }
        } else if (value instanceof Collection<?> collection) {
            if (depth >= MAX_VALUE_DEPTH) {
                text = "[" + UserText.CUT_MARKER + "]";
            } else {
                List<String> parts = new ArrayList<>();
                collection.forEach(element -> parts.add(value(element, depth + 1)));
                text = "[" + String.join(", ", parts) + "]";
            }
        } else {
            text = String.valueOf(value);
        }
        return UserText.truncate(UserText.singleLine(text), MAX_VALUE_LENGTH);
    }

    /** Bytes encoded by a base64 string (whitespace ignored, padding subtracted). */
    static long decodedSize(String base64) {
        if (base64 == null) {
            return 0;
        }
        long chars = 0;
        long padding = 0;
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (c == '=') {
                padding++;
            } else if (!Character.isWhitespace(c)) {
                chars++;
            }
        }
        return (chars + padding) * 3 / 4 - padding;
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double kib = bytes / 1024.0;
        if (kib < 1024) {
            return String.format(Locale.ROOT, "%.1f KB", kib);
        }
        return String.format(Locale.ROOT, "%.1f MB", kib / 1024.0);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    private static String encodePathSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /** The sections as ADF blocks: a level-3 heading, then a two-column table, a bullet list or a link paragraph. */
    static List<Map<String, Object>> toAdf(List<Section> sections) {
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (Section section : sections) {
            Adf.Inlines title = new Adf.Inlines();
            title.text(section.title(), Adf.Marks.NONE);
            blocks.add(Adf.heading(3, title.build()));
            if (section.rows() != null) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Row row : section.rows()) {
                    rows.add(Adf.tableRow(List.of(Adf.tableCell(true, row.key()), Adf.tableCell(false, row.value()))));
                }
                blocks.add(Adf.table(rows));
            } else if (section.items() != null) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (String item : section.items()) {
                    Adf.Inlines text = new Adf.Inlines();
                    text.text(item, Adf.Marks.NONE);
                    items.add(Adf.listItem(List.of(Adf.paragraph(text.build()))));
                }
                blocks.add(Adf.bulletList(items));
            } else if (section.link() != null) {
                Adf.Inlines text = new Adf.Inlines();
                text.text(section.link().text(), Adf.Marks.NONE.withLink(section.link().href()));
                blocks.add(Adf.paragraph(text.build()));
            } else if (section.code() != null) {
                blocks.add(Adf.codeBlock(null, section.code()));
            }
        }
        return blocks;
    }

    /** The sections as wiki blocks: "h3." heading, then ||key|value| rows, "*" items or a [text|url] link. */
    static List<String> toWiki(List<Section> sections) {
        List<String> blocks = new ArrayList<>();
        for (Section section : sections) {
            blocks.add("h3. " + WikiMarkup.escapeLine(section.title()));
            List<String> lines = new ArrayList<>();
            if (section.rows() != null) {
                for (Row row : section.rows()) {
                    lines.add("||" + cell(row.key()) + "|" + cell(row.value()) + "|");
                }
            } else if (section.items() != null) {
                for (String item : section.items()) {
                    lines.add("* " + WikiMarkup.escapeLine(item));
                }
            } else if (section.link() != null) {
                lines.add("[" + WikiMarkup.escapeLine(section.link().text()) + "|" + section.link().href() + "]");
            } else if (section.code() != null) {
                // {noformat}: the log is shown as is; its text cannot close the macro (WikiMarkup.macroBody)
                lines.add(WikiMarkup.codeBlock(null, section.code()));
            }
            blocks.add(String.join("\n", lines));
        }
        return blocks;
    }

    private static String cell(String text) {
        String escaped = WikiMarkup.escapeLine(text);
        // an empty cell would merge with its neighbour's bars
        return escaped.isEmpty() ? " " : escaped;
    }
}

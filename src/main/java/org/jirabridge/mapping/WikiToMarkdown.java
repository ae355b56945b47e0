package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira wiki markup (comments from Jira Server/Data Center) to Markdown, for showing them on a report.
 * The markup is read into the same ADF shapes Cloud uses and written by {@link AdfToMarkdown}, so both
 * deployments give the same Markdown. Covered: paragraphs, h1.-h6., bq., {quote}, {code}/{noformat},
 * nested * # - lists, tables, ----, *strong* _em_ -strike- ??cite?? {{code}}, [text|url] links,
 * [~user] mentions as "@user", \\ line breaks, backslash escapes and character references.
 * Anything else (+ins+, ^sup^, ~sub~, {color}, !image!, emoticons) degrades to its text.
 */
public final class WikiToMarkdown {

    private static final Pattern CODE_START =
            Pattern.compile("^\\{(code|noformat)(?::([^}]*))?\\}(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTE_START = Pattern.compile("^\\{quote\\}(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADING = Pattern.compile("^h([1-6])\\.\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BQ = Pattern.compile("^bq\\.\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST_LINE = Pattern.compile("^([*#]+|-)\\s+(.*)$");
    private static final Pattern RULE = Pattern.compile("^-{4,}$");
    private static final Pattern ENTITY =
            Pattern.compile("&(?:#(\\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos|nbsp));");
    private static final Pattern MACRO_TAG = Pattern.compile("\\{(color|anchor)(?::[^}]*)?\\}", Pattern.CASE_INSENSITIVE);
    private static final int MAX_LIST_DEPTH = 16;
    private static final int MAX_INLINE_DEPTH = 32;
    private static final int MAX_QUOTE_DEPTH = 8;
    /** How far a closing marker is looked for: keeps long lines full of markers from costing quadratic time. */
    private static final int MAX_SPAN = 2000;

    private WikiToMarkdown() {
    }

    /** Markdown for the wiki text; null gives "". */
    public static String convert(String wiki) {
        return AdfToMarkdown.convert(toAdf(wiki));
    }

    /** The wiki text as an ADF-shaped document (the intermediate form; also handy for tests). */
    static Map<String, Object> toAdf(String wiki) {
        List<String> lines = List.of(UserText.clean(wiki).split("\n", -1));
        return Adf.doc(blocks(new ArrayList<>(lines), 0));
    }

    private static List<Map<String, Object>> blocks(List<String> lines, int quoteDepth) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> paragraph = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            String trimmed = line.strip();
            Matcher matcher;
            if (trimmed.isEmpty()) {
                flushParagraph(paragraph, out);
                i++;
            } else if ((matcher = CODE_START.matcher(trimmed)).matches()) {
                flushParagraph(paragraph, out);
                String name = matcher.group(1).toLowerCase(Locale.ROOT);
                String language = name.equals("code") ? codeLanguage(matcher.group(2)) : null;
                i = codeBlock("{" + name + "}", matcher.group(3), lines, i + 1, language, out);
            } else if ((matcher = QUOTE_START.matcher(trimmed)).matches() && quoteDepth < MAX_QUOTE_DEPTH) {
                flushParagraph(paragraph, out);
                i = quote(matcher.group(1), lines, i + 1, quoteDepth, out);
            } else if ((matcher = HEADING.matcher(trimmed)).matches()) {
                flushParagraph(paragraph, out);
                out.add(Adf.heading(Integer.parseInt(matcher.group(1)), inline(matcher.group(2))));
                i++;
            } else if ((matcher = BQ.matcher(trimmed)).matches()) {
                flushParagraph(paragraph, out);
                out.add(Adf.blockquote(List.of(Adf.paragraph(inline(matcher.group(1))))));
                i++;
            } else if (RULE.matcher(trimmed).matches()) {
                flushParagraph(paragraph, out);
                out.add(Adf.rule());
                i++;
            } else if (LIST_LINE.matcher(trimmed).matches()) {
                flushParagraph(paragraph, out);
                List<String[]> items = new ArrayList<>();
                while (i < lines.size() && (matcher = LIST_LINE.matcher(lines.get(i).strip())).matches()) {
                    String marker = matcher.group(1);
                    items.add(new String[] {marker.substring(0, Math.min(marker.length(), MAX_LIST_DEPTH)), matcher.group(2)});
                    i++;
                }
                int[] position = {0};
                while (position[0] < items.size()) {
                    out.add(list(items, position, 0));
                }
            } else if (trimmed.startsWith("|")) {
                flushParagraph(paragraph, out);
                List<Map<String, Object>> rows = new ArrayList<>();
                while (i < lines.size() && lines.get(i).strip().startsWith("|")) {
                    rows.add(tableRow(lines.get(i).strip()));
                    i++;
                }
                out.add(Adf.table(rows));
            } else {
                paragraph.add(trimmed);
                i++;
            }
        }
        flushParagraph(paragraph, out);
        return out;
    }

    /** Consecutive lines of a paragraph: Jira shows each line break as a line break. */
    private static void flushParagraph(List<String> lines, List<Map<String, Object>> out) {
        if (lines.isEmpty()) {
            return;
        }
        Adf.Inlines inlines = new Adf.Inlines();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                inlines.hardBreak();
            }
            new InlineReader(lines.get(i), inlines).read(Adf.Marks.NONE, 0);
        }
        lines.clear();
        List<Map<String, Object>> content = inlines.build();
        if (!content.isEmpty()) {
            out.add(Adf.paragraph(content));
        }
    }

    /** Reads a {code}/{noformat} body up to its closing tag; returns the index of the next unread line. */
    private static int codeBlock(String closing, String firstRest, List<String> lines, int next, String language,
                                 List<Map<String, Object>> out) {
        List<String> body = new ArrayList<>();
        String current = firstRest;
        int i = next;
        while (true) {
            int end = current.toLowerCase(Locale.ROOT).indexOf(closing);
            if (end >= 0) {
                body.add(current.substring(0, end));
                String after = current.substring(end + closing.length());
                if (!after.isBlank()) {
                    // text after the closing tag is read as a line of its own
                    lines.add(i, after);
                }
                break;
            }
            body.add(current);
            if (i >= lines.size()) {
                break;
            }
            current = lines.get(i++);
        }
        // the opening tag's line usually ends right after the tag
        if (!body.isEmpty() && body.get(0).isBlank()) {
            body.remove(0);
        }
        if (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
            body.remove(body.size() - 1);
        }
        out.add(Adf.codeBlock(language, String.join("\n", body)));
        return i;
    }

    private static String codeLanguage(String parameters) {
        if (parameters == null) {
            return null;
        }
        for (String parameter : parameters.split("\\|")) {
            String value = parameter.strip();
            if (value.toLowerCase(Locale.ROOT).startsWith("language=")) {
                return MarkdownSource.language(value.substring("language=".length()));
            }
            if (!value.contains("=")) {
                return MarkdownSource.language(value);
            }
        }
        return null;
    }

    private static int quote(String firstRest, List<String> lines, int next, int quoteDepth, List<Map<String, Object>> out) {
        List<String> inner = new ArrayList<>();
        String current = firstRest;
        int i = next;
        while (true) {
            int end = current.toLowerCase(Locale.ROOT).indexOf("{quote}");
            if (end >= 0) {
                inner.add(current.substring(0, end));
                String after = current.substring(end + "{quote}".length());
                if (!after.isBlank()) {
                    lines.add(i, after);
                }
                break;
            }
            inner.add(current);
            if (i >= lines.size()) {
                break;
            }
            current = lines.get(i++);
        }
        List<Map<String, Object>> content = blocks(inner, quoteDepth + 1);
        if (!content.isEmpty()) {
            out.add(Adf.blockquote(content));
        }
        return i;
    }

    /** One list from items[position] on, at the given nesting level; nested markers become nested lists. */
    private static Map<String, Object> list(List<String[]> items, int[] position, int level) {
        char kind = items.get(position[0])[0].charAt(level);
        List<Map<String, Object>> listItems = new ArrayList<>();
        while (position[0] < items.size()) {
            String[] item = items.get(position[0]);
            String marker = item[0];
            if (marker.length() < level + 1 || (marker.length() == level + 1 && marker.charAt(level) != kind)) {
                break;
            }
            List<Map<String, Object>> content = new ArrayList<>();
            if (marker.length() == level + 1) {
                // "&#160;" is how an empty item is written; it carries no text
                content.add(Adf.paragraph(UserText.singleLine(unescape(item[1])).isEmpty() ? List.of() : inline(item[1])));
                position[0]++;
            }
            while (position[0] < items.size() && items.get(position[0])[0].length() > level + 1) {
                content.add(list(items, position, level + 1));
            }
            listItems.add(Adf.listItem(content));
        }
        return kind == '#' ? Adf.orderedList(1, listItems) : Adf.bulletList(listItems);
    }

    private static Map<String, Object> tableRow(String line) {
        List<Map<String, Object>> cells = new ArrayList<>();
        int i = 0;
        while (i < line.length() && line.charAt(i) == '|') {
            boolean header = line.startsWith("||", i);
            i += header ? 2 : 1;
            int start = i;
            int bracket = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    i += 2;
                    continue;
                }
                if (c == '[') {
                    bracket++;
                } else if (c == ']' && bracket > 0) {
                    bracket--;
                } else if (c == '|' && bracket == 0) {
                    break;
                }
                i++;
            }
            String cell = line.substring(start, i).strip();
            if (i >= line.length() && cell.isEmpty()) {
                break;
            }
            cells.add(Adf.node(header ? "tableHeader" : "tableCell", null, List.of(Adf.paragraph(inline(cell)))));
        }
        return Adf.tableRow(cells);
    }

    private static List<Map<String, Object>> inline(String text) {
        Adf.Inlines inlines = new Adf.Inlines();
        new InlineReader(text, inlines).read(Adf.Marks.NONE, 0);
        return inlines.build();
    }

    /** Backslash escapes and character references only (the body of {{monospace}}). */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && WikiMarkup.ESCAPABLE.indexOf(text.charAt(i + 1)) >= 0) {
                out.append(text.charAt(++i));
            } else if (c == '&') {
                Matcher entity = ENTITY.matcher(text).region(i, text.length());
                if (entity.lookingAt()) {
                    out.append(decodeEntity(entity));
                    i = entity.end() - 1;
                } else {
                    out.append(c);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String decodeEntity(Matcher entity) {
        int codePoint;
        if (entity.group(1) != null) {
            codePoint = Integer.parseInt(entity.group(1));
        } else if (entity.group(2) != null) {
            codePoint = Integer.parseInt(entity.group(2), 16);
        } else {
            return switch (entity.group(3)) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> "\u00A0";
            };
        }
        if (!Character.isValidCodePoint(codePoint) || codePoint == 0) {
            return "\uFFFD";
        }
        return UserText.clean(new String(Character.toChars(codePoint)));
    }

    /** Reads one line of inline wiki markup into text runs with marks. */
    private static final class InlineReader {
        private final String text;
        private final Adf.Inlines out;

        InlineReader(String text, Adf.Inlines out) {
            this.text = text;
            this.out = out;
        }

        void read(Adf.Marks marks, int depth) {
            read(0, text.length(), marks, depth);
        }

        private void read(int from, int to, Adf.Marks marks, int depth) {
            StringBuilder run = new StringBuilder();
            int i = from;
            while (i < to) {
                char c = text.charAt(i);
                int next;
                if (c == '\\' && i + 1 < to && text.charAt(i + 1) == '\\') {
                    flush(run, marks);
                    out.hardBreak();
                    i += 2;
                } else if (c == '\\' && i + 1 < to && WikiMarkup.ESCAPABLE.indexOf(text.charAt(i + 1)) >= 0) {
                    run.append(text.charAt(i + 1));
                    i += 2;
                } else if (c == '&' && (next = entityEnd(i, to)) > 0) {
                    run.append(unescape(text.substring(i, next)));
                    i = next;
                } else if (text.startsWith("{{", i) && (next = find("}}", i + 2, to)) > 0) {
                    flush(run, marks);
                    out.text(unescape(text.substring(i + 2, next)), marks.withCode());
                    i = next + 2;
                } else if (c == '{' && (next = macroTagEnd(i, to)) > 0) {
                    // {color:..} and {anchor} carry no text
                    i = next;
                } else if (c == '[' && (next = find("]", i + 1, to)) > 0) {
                    flush(run, marks);
                    bracket(text.substring(i + 1, next), marks, depth);
                    i = next + 1;
                } else if (c == '!' && (next = imageEnd(i, to)) > 0) {
                    String name = text.substring(i + 1, next).split("\\|", 2)[0];
                    run.append(unescape(name));
                    i = next + 1;
                } else if (depth < MAX_INLINE_DEPTH && (next = styleEnd(i, to)) > 0) {
                    flush(run, marks);
                    int width = c == '?' ? 2 : 1;
                    read(i + width, next, style(c, marks), depth + 1);
                    i = next + width;
                } else {
                    run.append(c);
                    i++;
                }
            }
            flush(run, marks);
        }

        private void flush(StringBuilder run, Adf.Marks marks) {
            out.text(run.toString(), marks);
            run.setLength(0);
        }

        private static Adf.Marks style(char marker, Adf.Marks marks) {
            return switch (marker) {
                case '*' -> marks.withStrong();
                case '_', '?' -> marks.withEm();
                case '-' -> marks.withStrike();
                default -> marks; // +inserted+, ^superscript^, ~subscript~ have no Markdown form
            };
        }

        /** [text|url], [url], [~user], [text|~user], [^attachment]; anything else shows its text. */
        private void bracket(String content, Adf.Marks marks, int depth) {
            int bar = find("|", 0, content.length(), content);
            String label = bar >= 0 ? content.substring(0, bar) : null;
            String target = (bar >= 0 ? content.substring(bar + 1) : content).strip();
            if (target.startsWith("~")) {
                String user = target.substring(1);
                if (user.toLowerCase(Locale.ROOT).startsWith("accountid:")) {
                    user = user.substring("accountid:".length());
                }
                String name = label != null && !label.isBlank() ? unescape(label.strip()) : unescape(user);
                out.node(Adf.mention(unescape(user), "@" + (name.startsWith("@") ? name.substring(1) : name)));
                return;
            }
            String href = SafeUrl.httpUrl(unescape(target));
            String shown = label != null ? label : target.startsWith("^") ? target.substring(1) : target;
            if (href != null && label != null && depth < MAX_INLINE_DEPTH) {
                new InlineReader(shown, out).read(marks.withLink(href), depth + 1);
            } else {
                out.text(unescape(shown), href != null ? marks.withLink(href) : marks);
            }
        }

        private int entityEnd(int at, int to) {
            Matcher entity = ENTITY.matcher(text).region(at, to);
            return entity.lookingAt() ? entity.end() : -1;
        }

        private int macroTagEnd(int at, int to) {
            Matcher tag = MACRO_TAG.matcher(text).region(at, to);
            return tag.lookingAt() ? tag.end() : -1;
        }

        /** !image.png! or !image.png|thumbnail!: no space right inside the bangs. */
        private int imageEnd(int at, int to) {
            if (at + 1 >= to || UserText.isSpace(text.charAt(at + 1)) || text.charAt(at + 1) == '!') {
                return -1;
            }
            int end = text.indexOf('!', at + 1);
            return end > 0 && end < to && !UserText.isSpace(text.charAt(end - 1)) ? end : -1;
        }

        /**
         * The index of the closing marker of *strong*, _em_, -strike-, +ins+, ^sup^, ~sub~ or ??cite??
         * opening at {@code at}, or -1: markers must not touch a letter or digit on their outer side nor
         * a space on their inner side.
         */
        private int styleEnd(int at, int to) {
            char c = text.charAt(at);
            String marker;
            if ("*_-+^~".indexOf(c) >= 0) {
                marker = String.valueOf(c);
            } else if (text.startsWith("??", at)) {
                marker = "??";
            } else {
                return -1;
            }
            int contentStart = at + marker.length();
            if (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) {
                return -1;
            }
            if (contentStart >= to || UserText.isSpace(text.charAt(contentStart)) || text.startsWith(marker, contentStart)) {
                return -1;
            }
            int limit = Math.min(to, at + MAX_SPAN);
            for (int j = contentStart + 1; j < limit; j++) {
                if (text.charAt(j - 1) == '\\') {
                    continue;
                }
                if (text.startsWith(marker, j) && !UserText.isSpace(text.charAt(j - 1))
                        && (j + marker.length() >= to || !Character.isLetterOrDigit(text.charAt(j + marker.length())))) {
                    return j;
                }
            }
            return -1;
        }

        private int find(String needle, int from, int to) {
            return find(needle, from, Math.min(to, from + MAX_SPAN), text);
        }

        /** The first unescaped occurrence of needle in source[from, to), or -1. */
        private static int find(String needle, int from, int to, String source) {
            for (int j = from; j <= to - needle.length(); j++) {
                if (source.charAt(j) == '\\') {
                    j++;
                } else if (source.startsWith(needle, j)) {
                    return j;
                }
            }
            return -1;
        }
    }
}

package org.jirabridge.mapping;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Escaping of user text for Jira's wiki renderer (Server/Data Center). Jira's backslash escape covers
 * {@code - # * _ + ? ^ ~ | % { } [ ] ( ) ! @}; every one of them is escaped wherever it appears, which
 * disarms emphasis, lists, tables, links, mentions, images, macros, dashes and emoticons in one rule.
 * The few constructs that start with a letter ({@code h1.} to {@code h6.}, {@code bq.}) are disarmed at
 * line starts by writing their dot as a character reference.
 */
final class WikiMarkup {

    /** The characters Jira's BackslashEscapeRendererComponent accepts after a backslash. */
    static final String ESCAPABLE = "-#*_+?^~|%{}[]()!@";

    /** A literal backslash: "\\" is a line break and "\x" an escape, so it is written as a character reference. */
    static final String BACKSLASH = "&#92;";

    /** A forced line break that stays on one source line (lists and table cells end at a newline). */
    static final String LINE_BREAK = " \\\\ ";

    private static final Pattern LINE_START_BLOCK = Pattern.compile("^(\\s*(?:h[1-6]|bq))\\.", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTITY_AFTER_AMPERSAND = Pattern.compile("#?[A-Za-z0-9]{1,32};");
    private static final Pattern MACRO_NAME_AFTER_BRACE = Pattern.compile("\\{(?=(?:code|noformat|quote|panel|html)\\b)",
            Pattern.CASE_INSENSITIVE);

    private WikiMarkup() {
    }

    /** User text as inline wiki text that renders literally; line breaks become spaces. */
    static String escape(String text) {
        String cleaned = UserText.clean(text);
        StringBuilder out = new StringBuilder(cleaned.length() + 16);
        for (int i = 0; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            if (ESCAPABLE.indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == '\\') {
                out.append(BACKSLASH);
            } else if (c == '&' && ENTITY_AFTER_AMPERSAND.matcher(cleaned).region(i + 1, cleaned.length()).lookingAt()) {
                // "&lt;" typed by a user would otherwise show as "<"
                out.append("&amp;");
            } else if (c == '\n') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@link #escape} of a single-line form of the text (whitespace runs collapsed). */
    static String escapeLine(String text) {
        return escape(UserText.singleLine(text));
    }

    /** Keeps a line that starts with "h1." .. "h6." or "bq." from becoming a heading or quote. */
    static String safeLineStart(String line) {
        Matcher matcher = LINE_START_BLOCK.matcher(line);
        if (matcher.find()) {
            return matcher.group(1) + "&#46;" + line.substring(matcher.end());
        }
        return line;
    }

    /**
     * Text for the body of a {code} or {noformat} macro. The body is not parsed, except that the macro's
     * closing tag ends it: a zero-width space after "{" keeps any macro tag in the text from matching.
     */
    static String macroBody(String code) {
        return MACRO_NAME_AFTER_BRACE.matcher(UserText.clean(code)).replaceAll("{\u200B");
    }

    /** The opening and closing tags of a code block: {code:lang} with a language, {noformat} without. */
    static String codeBlock(String language, String code) {
        String body = macroBody(code);
        if (language == null) {
            return "{noformat}\n" + body + "\n{noformat}";
        }
        return "{code:" + language.toLowerCase(Locale.ROOT) + "}\n" + body + "\n{code}";
    }
}

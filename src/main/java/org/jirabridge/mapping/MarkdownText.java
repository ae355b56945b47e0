package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes Markdown inline text from text runs with marks, so that the text reads back literally:
 * Markdown punctuation in the text is backslash-escaped and emphasis markers are opened and closed
 * like a stack (link outermost, then strong, em, strike), with edge whitespace kept outside markers.
 */
final class MarkdownText {

    /** A Markdown hard line break: backslash at the end of the line. */
    static final String HARD_BREAK = "\\\n";

    private final StringBuilder out = new StringBuilder();
    private final List<String> open = new ArrayList<>();
    private final boolean singleLine;
    private String pendingSpace = "";
    private boolean lineStart = true;

    /** @param singleLine hard breaks become spaces (headings, table cells) */
    MarkdownText(boolean singleLine) {
        this.singleLine = singleLine;
    }

    /** Text that follows other content on its line (a table cell after its bar): no line-start escapes. */
    MarkdownText midLine() {
        lineStart = false;
        return this;
    }

    /** A run of text with ADF-style marks (maps with "type" and, for links, attrs.href). */
    void text(String text, List<?> marks) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                hardBreak();
            }
            run(lines[i], marks);
        }
    }

    private void run(String text, List<?> marks) {
        String core = text.strip();
        if (core.isEmpty()) {
            // whitespace alone changes no marks; it goes out with the next run or at a close
            pendingSpace += text;
            return;
        }
        int start = text.indexOf(core);
        String leading = text.substring(0, start);
        String trailing = text.substring(start + core.length());
        List<String> wanted = new ArrayList<>();
        boolean code = false;
        String href = null;
        if (marks != null) {
            for (Object mark : marks) {
                String type = Adf.type(mark);
                if ("link".equals(type)) {
                    href = SafeUrl.httpUrl(attr(mark, "href"));
                } else if ("code".equals(type)) {
                    code = true;
                }
            }
            if (href != null) {
                wanted.add("link:" + href);
            }
            for (String style : List.of("strong", "em", "strike")) {
                for (Object mark : marks) {
                    if (style.equals(Adf.type(mark)) && !wanted.contains(style)) {
                        wanted.add(style);
                    }
                }
            }
        }
        int keep = 0;
        while (keep < open.size() && keep < wanted.size() && open.get(keep).equals(wanted.get(keep))) {
            keep++;
        }
        closeDownTo(keep);
        emitSpace(pendingSpace + leading);
        pendingSpace = "";
        for (int i = keep; i < wanted.size(); i++) {
            String mark = wanted.get(i);
            out.append(opener(mark));
            open.add(mark);
            lineStart = false;
        }
        out.append(code ? codeSpan(core) : escape(core, lineStart));
        lineStart = false;
        pendingSpace = trailing;
    }

    /** Text that must stand outside any marks (mentions, emoji, cards): written escaped. */
    void plain(String text) {
        closeDownTo(0);
        text(text, List.of());
    }

    /** A raw Markdown fragment (an autolink) outside any marks. */
    void raw(String markdown) {
        closeDownTo(0);
        emitSpace(pendingSpace);
        pendingSpace = "";
        out.append(markdown);
        lineStart = false;
    }

    void hardBreak() {
        closeDownTo(0);
        pendingSpace = "";
        if (singleLine) {
            pendingSpace = " ";
        } else if (out.length() > 0) {
            out.append(HARD_BREAK);
            lineStart = true;
        }
    }

    String finish() {
        closeDownTo(0);
        String result = out.toString();
        // a hard break at the very end would leave a dangling backslash
        while (result.endsWith(HARD_BREAK)) {
            result = result.substring(0, result.length() - HARD_BREAK.length());
        }
        return result;
    }

    private void emitSpace(String space) {
        if (!space.isEmpty() && !lineStart) {
            // tabs and other spaces read as one plain space between words
            out.append(' ');
        }
    }

    private void closeDownTo(int keep) {
        for (int i = open.size() - 1; i >= keep; i--) {
            out.append(closer(open.remove(i)));
        }
    }

    private static String opener(String mark) {
        return switch (mark) {
            case "strong" -> "**";
            case "em" -> "*";
            case "strike" -> "~~";
            default -> "[";
        };
    }

    private static String closer(String mark) {
        return switch (mark) {
            case "strong" -> "**";
            case "em" -> "*";
            case "strike" -> "~~";
            default -> "](" + mark.substring("link:".length()) + ")";
        };
    }

    private static String attr(Object node, String name) {
        if (node instanceof Map<?, ?> map && map.get("attrs") instanceof Map<?, ?> attrs && attrs.get(name) != null) {
            return String.valueOf(attrs.get(name));
        }
        return null;
    }

    /** Inline code with a backtick fence longer than any backtick run inside it. */
    static String codeSpan(String code) {
        String text = code.replace('\n', ' ');
        int longest = longestRun(text, '`');
        String fence = "`".repeat(longest + 1);
        boolean pad = text.startsWith("`") || text.endsWith("`")
                || (text.startsWith(" ") && text.endsWith(" ") && !text.isBlank());
        String space = pad ? " " : "";
        return fence + space + text + space + fence;
    }

    static int longestRun(String text, char c) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == c ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /**
     * Text that Markdown reads back literally: inline punctuation always escaped, block markers
     * ("#", ">", "-", "+", "=", "1.") escaped when the text starts a line.
     */
    static String escape(String text, boolean atLineStart) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        int i = 0;
        if (atLineStart) {
            // leading spaces would turn into an indented code block or be dropped anyway
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (i < text.length() && startsBlock(text, i)) {
                out.append('\\').append(text.charAt(i));
                i++;
            } else {
                int digits = i;
                while (digits < text.length() && Character.isDigit(text.charAt(digits)) && digits - i < 9) {
                    digits++;
                }
                if (digits > i && digits < text.length() && (text.charAt(digits) == '.' || text.charAt(digits) == ')')
                        && endsWord(text, digits + 1)) {
                    out.append(text, i, digits).append('\\').append(text.charAt(digits));
                    i = digits + 1;
                }
            }
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\`*_[]<>~|".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == '!' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
                out.append("\\!");
            } else if (c == '&' && looksLikeEntity(text, i)) {
                out.append("\\&");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** "#" (heading), ">" (quote), "- ", "+ ", "--" (list, rule), "=" (setext underline) at a line start. */
    private static boolean startsBlock(String text, int i) {
        char c = text.charAt(i);
        return switch (c) {
            case '#', '>' -> true;
            case '-', '=' -> endsWord(text, i + 1) || (i + 1 < text.length() && text.charAt(i + 1) == c);
            case '+' -> endsWord(text, i + 1);
            default -> false;
        };
    }

    private static boolean endsWord(String text, int i) {
        return i >= text.length() || text.charAt(i) == ' ' || text.charAt(i) == '\t';
    }

    private static boolean looksLikeEntity(String text, int ampersand) {
        int i = ampersand + 1;
        int start = i;
        while (i < text.length() && i - start < 32 && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '#')) {
            i++;
        }
        return i > start && i < text.length() && text.charAt(i) == ';';
    }
}

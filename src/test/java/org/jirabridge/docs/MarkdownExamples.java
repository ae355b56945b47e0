package org.jirabridge.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of a Markdown file: every fenced {@code sh} or {@code bash} block, split into commands (a line,
 * continued by a trailing backslash or an open single quote), each with the status its {@code # -> NNN} comment
 * promises. A block preceded by {@code <!-- example: skip (reason) -->} is left out; one preceded by
 * {@code <!-- example: flavour=server -->} needs the sandbox's Server flavour.
 */
record MarkdownExamples(Path file, List<Block> blocks) {

    /** One fenced block: where it starts (1-based line), the sandbox flavour it needs, its commands. */
    record Block(Path file, int line, String flavour, List<Command> commands) {
    }

    /** One command as written, the line it starts on, and the HTTP status its comment promises (0: any success). */
    record Command(String text, int line, int expectedStatus) {
    }

    private static final Pattern FENCE = Pattern.compile("^```(sh|bash)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*example:\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern PROMISE = Pattern.compile("#\\s*->\\s*(\\d{3})");

    static MarkdownExamples read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!FENCE.matcher(lines.get(i)).matches()) {
                continue;
            }
            Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
            String directive = marker != null && marker.matches() ? marker.group(1) : "";
            int start = i + 1;
            List<String> body = new ArrayList<>();
            for (i = i + 1; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                body.add(lines.get(i));
            }
            if (directive.startsWith("skip")) {
                continue;
            }
            String flavour = directive.startsWith("flavour=") ? directive.substring("flavour=".length()).strip()
                    : "cloud";
            blocks.add(new Block(file, start, flavour, commands(body, start + 1)));
        }
        return new MarkdownExamples(file, blocks);
    }

    /** Splits a block into commands; a comment line "# -> NNN …" right after a command sets its expected status. */
    static List<Command> commands(List<String> body, int firstLine) {
        List<Command> commands = new ArrayList<>();
        StringBuilder current = null;
        int startLine = 0;
        for (int n = 0; n < body.size(); n++) {
            String line = body.get(n);
            if (current == null) {
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (trimmed.startsWith("#")) {
                    Matcher promise = PROMISE.matcher(trimmed);
                    if (promise.find() && !commands.isEmpty()) {
                        Command last = commands.remove(commands.size() - 1);
                        commands.add(new Command(last.text(), last.line(), Integer.parseInt(promise.group(1))));
                    }
                    continue;
                }
                current = new StringBuilder(line);
                startLine = firstLine + n;
            } else {
                current.append('\n').append(line);
            }
            String text = current.toString();
            if (!text.endsWith("\\") && quotesClosed(text)) {
                Matcher promise = PROMISE.matcher(lastLine(text));
                commands.add(new Command(text, startLine, promise.find() ? Integer.parseInt(promise.group(1)) : 0));
                current = null;
            }
        }
        return commands;
    }

    /** True when single quotes outside double quotes are balanced (a JSON body in '…' spans lines). */
    private static boolean quotesClosed(String text) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                // the rest of the line is a comment: its quotes do not count
                int end = text.indexOf('\n', i);
                if (end < 0) {
                    break;
                }
                i = end;
            }
        }
        return !single;
    }

    private static String lastLine(String text) {
        return text.substring(text.lastIndexOf('\n') + 1);
    }

    /** Placeholders the docs write for ids, and the name of the shell variable the test fills in for each. */
    static final Map<Pattern, String> PLACEHOLDERS = Map.of(
            Pattern.compile("/reports/<id>"), "/reports/$REPORT_ID",
            Pattern.compile("/api-keys/<id>"), "/api-keys/$API_KEY_ID",
            Pattern.compile("/dead-letters/<n>"), "/dead-letters/$DEAD_LETTER_ID");
}

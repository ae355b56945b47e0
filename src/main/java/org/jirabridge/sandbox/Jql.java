package org.jirabridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small JQL subset the sandbox understands: {@code project}, {@code key}/{@code issuekey},
 * {@code labels}, {@code status}, {@code priority}, {@code issuetype} with {@code =} or {@code IN (…)};
 * {@code updated}/{@code created} with {@code = > >= < <=} against "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm",
 * a date, or a relative period such as -15m; clauses joined by AND; ORDER BY field ASC|DESC, ….
 * Everything else is refused with Jira's 400 JQL error rather than silently ignored.
 */
final class Jql {

    /** A query Jira would refuse: the messages go to errorMessages of a 400. */
    static final class JqlException extends RuntimeException {
        private final List<String> messages;

        JqlException(List<String> messages) {
            super(String.join(" ", messages));
            this.messages = List.copyOf(messages);
        }

        List<String> messages() {
            return messages;
        }
    }

    static final String UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.";

    private static final Set<String> KNOWN_UNSUPPORTED_FIELDS = Set.of("summary", "description", "text", "comment",
            "assignee", "reporter", "creator", "resolution", "resolved", "resolutiondate", "due", "duedate",
            "fixversion", "affectedversion", "component", "sprint", "parent", "watcher", "voter", "filter",
            "worklogdate", "statuscategory", "category", "environment", "attachments", "cf", "severity", "app version");
    private static final Pattern RELATIVE = Pattern.compile("([-+]?)(\\d+)([mhdw])");
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"), DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm"));
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd"), DateTimeFormatter.ofPattern("yyyy/MM/dd"));

    private enum Kind { WORD, STRING, OPERATOR, LEFT, RIGHT, COMMA, END }

    private record Token(Kind kind, String text, int position) {
        boolean keyword(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }
    }

    private record Sort(String field, boolean descending) {
    }

    private final SandboxState state;
    private final List<Token> tokens;
    private int next;
    private final List<Predicate<SandboxIssue>> clauses = new ArrayList<>();
    private final List<Sort> sorts = new ArrayList<>();

    private Jql(SandboxState state, String text) {
        this.state = state;
        this.tokens = tokenize(text == null ? "" : text);
    }

    /** Parses and checks a query against the sandbox's data (unknown projects, keys, statuses are errors, as in Jira). */
    static Jql parse(String text, SandboxState state) {
        Jql jql = new Jql(state, text);
        jql.parseQuery();
        return jql;
    }

    /**
     * The fields the query's clauses name, in order, without checking anything else: what dynamic webhooks compare
     * with the JQL subset they support. Parentheses and NOT are looked through; ORDER BY ends the list.
     */
    static List<String> clauseFields(String text) {
        List<String> fields = new ArrayList<>();
        boolean expectField = true;
        for (Token token : new Jql(null, text).tokens) {
            if (token.kind() == Kind.END || token.keyword("order")) {
                break;
            }
            if (expectField) {
                if (token.kind() == Kind.WORD || token.kind() == Kind.STRING) {
                    if (!token.keyword("not")) {
                        fields.add(token.text());
                        expectField = false;
                    }
                }
            } else if (token.keyword("and") || token.keyword("or")) {
                expectField = true;
            }
        }
        return fields;
    }

    /** True when the query restricts the result (Cloud's /search/jql refuses queries that do not). */
    boolean isBounded() {
        return !clauses.isEmpty();
    }

    /** The matching issues in the query's order (created descending when it names none). */
    List<SandboxIssue> run(Collection<SandboxIssue> issues) {
        List<SandboxIssue> result = new ArrayList<>();
        for (SandboxIssue issue : issues) {
            if (clauses.stream().allMatch(c -> c.test(issue))) {
                result.add(issue);
            }
        }
        result.sort(order());
        return result;
    }

    private Comparator<SandboxIssue> order() {
        List<Sort> effective = sorts.isEmpty() ? List.of(new Sort("created", true)) : sorts;
        Comparator<SandboxIssue> order = null;
        for (Sort sort : effective) {
            Comparator<SandboxIssue> one = comparator(sort.field());
            one = sort.descending() ? one.reversed() : one;
            order = order == null ? one : order.thenComparing(one);
        }
        // ties break on id so pages never overlap
        Comparator<SandboxIssue> byId = Comparator.comparingLong(i -> i.id);
        return order.thenComparing(effective.get(effective.size() - 1).descending() ? byId.reversed() : byId);
    }

    private static Comparator<SandboxIssue> comparator(String field) {
        return switch (field) {
            case "key", "issuekey" -> Comparator.<SandboxIssue, String>comparing(i -> i.project.key()).thenComparingInt(SandboxIssue::number);
            case "id" -> Comparator.comparingLong(i -> i.id);
            case "created" -> Comparator.comparing(i -> i.created);
            case "updated" -> Comparator.comparing(i -> i.updated);
            case "priority" -> Comparator.comparingInt(i -> -Catalog.PRIORITIES.indexOf(Catalog.priority(i.priorityId).orElseThrow()));
            case "status" -> Comparator.comparingInt(i -> Catalog.STATUSES.indexOf(Catalog.status(i.statusId)));
            case "summary" -> Comparator.comparing(i -> i.summary.toLowerCase(Locale.ROOT));
            case "project" -> Comparator.comparing(i -> i.project.key());
            case "issuetype", "type" -> Comparator.comparing(i -> i.issueTypeId);
            default -> throw new IllegalStateException(field);
        };
    }

    // ---- parsing

    private void parseQuery() {
        if (peek().kind() != Kind.END && !peek().keyword("order")) {
            clauses.add(clause());
            while (peek().keyword("and")) {
                take();
                clauses.add(clause());
            }
        }
        if (peek().keyword("order")) {
            take();
            if (!take().keyword("by")) {
                throw error("Expecting 'by' after 'order'", previous());
            }
            sorts.add(sort());
            while (peek().kind() == Kind.COMMA) {
                take();
                sorts.add(sort());
            }
        }
        Token rest = peek();
        if (rest.kind() != Kind.END) {
            if (rest.keyword("or") || rest.keyword("not")) {
                throw unsupported("the operator '" + rest.text().toUpperCase(Locale.ROOT) + "'", rest);
            }
            throw error("Expecting either 'OR' or 'AND' but got '" + rest.text() + "'.", rest);
        }
    }

    private Sort sort() {
        Token field = take();
        if (field.kind() != Kind.WORD && field.kind() != Kind.STRING) {
            throw error("Expecting a field name but got '" + field.text() + "'.", field);
        }
        String name = field.text().toLowerCase(Locale.ROOT);
        if (!Set.of("key", "issuekey", "id", "created", "updated", "priority", "status", "summary", "project",
                "issuetype", "type").contains(name)) {
            throw fieldProblem(field);
        }
        boolean descending = false;
        if (peek().keyword("asc") || peek().keyword("desc")) {
            descending = take().keyword("desc");
        }
        return new Sort(name.equals("type") ? "issuetype" : name, descending);
    }

    private Predicate<SandboxIssue> clause() {
        Token fieldToken = take();
        if (fieldToken.kind() == Kind.LEFT) {
            throw unsupported("parentheses", fieldToken);
        }
        if (fieldToken.keyword("not")) {
            throw unsupported("the operator 'NOT'", fieldToken);
        }
        if (fieldToken.kind() != Kind.WORD && fieldToken.kind() != Kind.STRING) {
            throw error("Expecting a field name but got '" + fieldToken.text() + "'.", fieldToken);
        }
        String field = fieldToken.text().toLowerCase(Locale.ROOT);
        Token operator = take();
        if (operator.keyword("in")) {
            List<Token> values = list();
            return values.stream().map(v -> equality(field, fieldToken, v)).reduce(Predicate::or).orElseThrow();
        }
        if (operator.keyword("not") || operator.keyword("is") || operator.keyword("was") || operator.keyword("changed")) {
            throw unsupported("the operator '" + operator.text().toUpperCase(Locale.ROOT) + "'", operator);
        }
        if (operator.kind() != Kind.OPERATOR) {
            throw error("Expecting operator but got '" + operator.text() + "'. The valid operators are '=', '!=', '<', '>', "
                    + "'<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.", operator);
        }
        Token value = value();
        String op = operator.text();
        if (isDateField(field)) {
            return dateClause(field, op, value, operator);
        }
        checkField(field, fieldToken);
        if (!op.equals("=")) {
            throw unsupported("the operator '" + op + "' on the field '" + field + "'", operator);
        }
        return equality(field, fieldToken, value);
    }

    private List<Token> list() {
        Token open = take();
        if (open.kind() != Kind.LEFT) {
            throw error("Expecting '(' but got '" + open.text() + "'.", open);
        }
        List<Token> values = new ArrayList<>();
        values.add(value());
        while (peek().kind() == Kind.COMMA) {
            take();
            values.add(value());
        }
        Token close = take();
        if (close.kind() != Kind.RIGHT) {
            throw error("Expecting ')' but got '" + close.text() + "'.", close);
        }
        return values;
    }

    private Token value() {
        Token value = take();
        if (value.kind() != Kind.WORD && value.kind() != Kind.STRING) {
            throw error("Expecting either a value, list or function but got '" + value.text() + "'.", value);
        }
        if (value.kind() == Kind.WORD && peek().kind() == Kind.LEFT) {
            throw unsupported("the function '" + value.text() + "()'", value);
        }
        if (value.keyword("empty") || value.keyword("null")) {
            throw unsupported("EMPTY values", value);
        }
        return value;
    }

    private static boolean isDateField(String field) {
        return Set.of("updated", "created", "updateddate", "createddate").contains(field);
    }

    private void checkField(String field, Token token) {
        if (!Set.of("project", "key", "issuekey", "id", "labels", "status", "priority", "issuetype", "type").contains(field)) {
            throw fieldProblem(token);
        }
    }

    private JqlException fieldProblem(Token token) {
        String field = token.text().toLowerCase(Locale.ROOT);
        if (KNOWN_UNSUPPORTED_FIELDS.contains(field) || field.startsWith("cf[") || field.startsWith("customfield_")) {
            return unsupported("the field '" + token.text() + "'", token);
        }
        return new JqlException(List.of("Field '" + token.text() + "' does not exist or you do not have permission to view it."));
    }

    private Predicate<SandboxIssue> equality(String field, Token fieldToken, Token value) {
        checkField(field, fieldToken);
        String text = value.text();
        switch (field) {
            case "project" -> {
                SandboxProject project = state.project(text)
                        .or(() -> state.projects().stream().filter(p -> p.name().equalsIgnoreCase(text)).findFirst())
                        .orElseThrow(() -> doesNotExist(text, "project"));
                return i -> i.project == project;
            }
            case "key", "issuekey", "id" -> {
                SandboxIssue issue = state.issue(text).orElseThrow(() -> new JqlException(List.of(
                        "An issue with key '" + text + "' does not exist for the field '" + fieldToken.text() + "'.")));
                return i -> i == issue;
            }
            case "labels" -> {
                return i -> i.labels.contains(text);
            }
            case "status" -> {
                Catalog.Status status = Catalog.statusNamed(text)
                        .or(() -> Catalog.STATUSES.stream().filter(s -> s.id().equals(text)).findFirst())
                        .orElseThrow(() -> doesNotExist(text, "status"));
                return i -> i.statusId.equals(status.id());
            }
            case "priority" -> {
                Catalog.Priority priority = Catalog.priorityNamed(text).or(() -> Catalog.priority(text))
                        .orElseThrow(() -> doesNotExist(text, "priority"));
                return i -> priority.id().equals(i.priorityId);
            }
            default -> {
                Catalog.IssueType type = Catalog.issueTypeNamed(text).or(() -> Catalog.issueType(text))
                        .orElseThrow(() -> doesNotExist(text, "issuetype"));
                return i -> i.issueTypeId.equals(type.id());
            }
        }
    }

    private static JqlException doesNotExist(String value, String field) {
        return new JqlException(List.of("The value '" + value + "' does not exist for the field '" + field + "'."));
    }

    private Predicate<SandboxIssue> dateClause(String field, String op, Token value, Token operator) {
        Instant when = date(value, field);
        boolean updated = field.startsWith("updated");
        java.util.function.Function<SandboxIssue, Instant> read = updated ? i -> i.updated : i -> i.created;
        return switch (op) {
            case "=" -> i -> read.apply(i).equals(when);
            case ">" -> i -> read.apply(i).isAfter(when);
            case ">=" -> i -> !read.apply(i).isBefore(when);
            case "<" -> i -> read.apply(i).isBefore(when);
            case "<=" -> i -> !read.apply(i).isAfter(when);
            default -> throw unsupported("the operator '" + op + "' on the field '" + field + "'", operator);
        };
    }

    private Instant date(Token value, String field) {
        String text = value.text().trim();
        Matcher relative = RELATIVE.matcher(text);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(2)) * (relative.group(1).equals("-") ? -1 : 1);
            Duration unit = switch (relative.group(3)) {
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return state.now().plus(unit.multipliedBy(amount));
        }
        for (DateTimeFormatter format : DATE_TIMES) {
            try {
                return LocalDateTime.parse(text, format).atZone(JiraTime.ZONE).toInstant();
            } catch (DateTimeParseException e) {
                // try the next accepted format
            }
        }
        for (DateTimeFormatter format : DATES) {
            try {
                return LocalDate.parse(text, format).atStartOfDay(JiraTime.ZONE).toInstant();
            } catch (DateTimeParseException e) {
                // try the next accepted format
            }
        }
        throw new JqlException(List.of("Date value '" + text + "' for field '" + field + "' is invalid. Valid formats include: "
                + "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."));
    }

    private JqlException error(String message, Token at) {
        return new JqlException(List.of("Error in the JQL Query: " + message + " (line 1, character " + at.position() + ")"));
    }

    private JqlException unsupported(String what, Token at) {
        return new JqlException(List.of("Error in the JQL Query: the Jira sandbox does not support " + what
                + " (line 1, character " + at.position() + ")"));
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    private Token previous() {
        return tokens.get(Math.max(0, next - 1));
    }

    private List<Token> tokenize(String text) {
        List<Token> result = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int position = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                        j++;
                    }
                    value.append(text.charAt(j++));
                }
                if (j >= text.length()) {
                    throw new JqlException(List.of("Error in the JQL Query: The quoted string '" + value
                            + "' has not been completed. (line 1, character " + position + ")"));
                }
                result.add(new Token(Kind.STRING, value.toString(), position));
                i = j + 1;
            } else if (c == '(' || c == ')' || c == ',') {
                result.add(new Token(c == '(' ? Kind.LEFT : c == ')' ? Kind.RIGHT : Kind.COMMA, String.valueOf(c), position));
                i++;
            } else if ("=!<>~".indexOf(c) >= 0) {
                int j = i + 1;
                if (j < text.length() && (text.charAt(j) == '=' || text.charAt(j) == '~')) {
                    j++;
                }
                result.add(new Token(Kind.OPERATOR, text.substring(i, j), position));
                i = j;
            } else if (isWordChar(c)) {
                int j = i;
                while (j < text.length() && isWordChar(text.charAt(j))) {
                    j++;
                }
                result.add(new Token(Kind.WORD, text.substring(i, j), position));
                i = j;
            } else {
                throw new JqlException(List.of("Error in the JQL Query: The character '" + c
                        + "' is a reserved JQL character. You must enclose it in a string or use the escape '\\u"
                        + String.format("%04x", (int) c) + "' instead. (line 1, character " + position + ")"));
            }
        }
        result.add(new Token(Kind.END, "<EOF>", text.length() + 1));
        return result;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+'
                || c == '[' || c == ']' || c == '*';
    }
}

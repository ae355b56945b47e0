package org.jirabridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JQL the sandbox understands (docs/sandbox.md, "JQL"): clauses joined by AND, OR, NOT and parentheses;
 * operators {@code = != ~ !~ > >= < <= IN, NOT IN, IS [NOT] EMPTY}; the fields project, key/issuekey/id, labels,
 * status, statusCategory, priority, issuetype/type, resolution (with Unresolved), assignee, reporter, creator, summary,
 * description, environment, comment, text, created, updated, resolved, duedate, fixVersion, component and custom fields
 * by {@code cf[NNNNN]}, {@code customfield_NNNNN} or name; the functions currentUser(), now(), startOfDay(),
 * endOfDay(), startOfWeek(), endOfWeek(), startOfMonth(), endOfMonth() with offsets; ORDER BY with ASC/DESC (rank
 * is creation order: the sandbox has no board ranking). Anything else is refused with Jira's 400 JQL error rather
 * than silently ignored.
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

    /** Fields Jira has that the sandbox does not search on: named as unsupported rather than "does not exist". */
    private static final Set<String> KNOWN_UNSUPPORTED_FIELDS = Set.of("affectedversion", "parent", "watcher", "voter",
            "filter", "worklogdate", "category", "attachments", "level", "votes", "watchers", "originalestimate",
            "remainingestimate", "timespent", "lastviewed", "issuelinktype");
    private static final Set<String> ORDERABLE = Set.of("key", "issuekey", "id", "created", "updated", "priority",
            "status", "summary", "project", "issuetype", "type", "rank", "resolved", "resolutiondate", "duedate", "due",
            "assignee", "reporter");
    private static final Pattern RELATIVE = Pattern.compile("([-+]?)(\\d+)([yMwdhm]?)");
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"), DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm"));
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd"), DateTimeFormatter.ofPattern("yyyy/MM/dd"));
    /** The date-time custom field's stored forms: minutes, seconds or millis, offset as Z, +hh:mm or +hhmm. */
    private static final DateTimeFormatter CUSTOM_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss][.SSS][XXX][XX]");
    private static final Set<String> DATE_FUNCTIONS = Set.of("now", "startofday", "endofday", "startofweek",
            "endofweek", "startofmonth", "endofmonth", "startofyear", "endofyear");

    private enum Kind { WORD, STRING, OPERATOR, LEFT, RIGHT, COMMA, END }

    private record Token(Kind kind, String text, int position) {
        boolean keyword(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }
    }

    /** A value in a clause: a literal, EMPTY, or a function call with its arguments. */
    private record Value(Token token, boolean empty, String function, List<String> arguments) {
        String text() {
            return token.text();
        }
    }

    /** How a field is searched: its values on an issue and how a query value becomes comparable with them. */
    private enum Type { ID, TEXT, DATE, NUMBER }

    private record Field(String name, Type type, Function<SandboxIssue, List<String>> values,
                         Function<Value, Set<String>> resolve, Function<SandboxIssue, Instant> instant,
                         Function<SandboxIssue, Double> number) {
    }

    private record Sort(String field, boolean descending) {
    }

    private final SandboxState state;
    private final String currentUserId;
    /** Jira reads date literals and date functions in the time zone of the user searching (UTC without one). */
    private final ZoneId zone;
    private final List<Token> tokens;
    private int next;
    private Predicate<SandboxIssue> where;
    private final List<Sort> sorts = new ArrayList<>();

    private Jql(SandboxState state, String currentUserId, String text) {
        this.state = state;
        this.currentUserId = currentUserId;
        this.zone = state == null || currentUserId == null ? JiraTime.ZONE : ZoneId.of(state.access.timeZone(currentUserId));
        this.tokens = tokenize(text == null ? "" : text);
    }

    /** Parses and checks a query against the sandbox's data, without a signed-in user (webhook filters). */
    static Jql parse(String text, SandboxState state) {
        return parse(text, state, null);
    }

    /** Parses and checks a query; {@code currentUserId} is what currentUser() stands for (null: nobody). */
    static Jql parse(String text, SandboxState state, String currentUserId) {
        Jql jql = new Jql(state, currentUserId, text);
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
        for (Token token : new Jql(null, null, text).tokens) {
            if (token.kind() == Kind.END || token.keyword("order")) {
                break;
            }
            if (expectField) {
                if ((token.kind() == Kind.WORD || token.kind() == Kind.STRING) && !token.keyword("not")) {
                    fields.add(token.text());
                    expectField = false;
                }
            } else if (token.keyword("and") || token.keyword("or")) {
                expectField = true;
            }
        }
        return fields;
    }

    /** True when the query restricts the result (Cloud's /search/jql refuses queries that do not). */
    boolean isBounded() {
        return where != null;
    }

    /** The matching issues in the query's order (created descending when it names none). */
    List<SandboxIssue> run(Collection<SandboxIssue> issues) {
        List<SandboxIssue> result = new ArrayList<>();
        for (SandboxIssue issue : issues) {
            if (where == null || where.test(issue)) {
                result.add(issue);
            }
        }
        result.sort(order());
        return result;
    }

    /** How many issues match, without sorting them. */
    int count(Collection<SandboxIssue> issues) {
        int count = 0;
        for (SandboxIssue issue : issues) {
            if (where == null || where.test(issue)) {
                count++;
            }
        }
        return count;
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

    private Comparator<SandboxIssue> comparator(String field) {
        Comparator<String> text = Comparator.nullsLast(Comparator.naturalOrder());
        Comparator<Instant> time = Comparator.nullsLast(Comparator.naturalOrder());
        return switch (field) {
            case "key", "issuekey" -> Comparator.<SandboxIssue, String>comparing(i -> i.project.key()).thenComparingInt(SandboxIssue::number);
            // no boards here: rank is the order in which issues were created
            case "id", "rank" -> Comparator.comparingLong(i -> i.id);
            case "created" -> Comparator.comparing(i -> i.created);
            case "updated" -> Comparator.comparing(i -> i.updated);
            case "resolved", "resolutiondate" -> Comparator.comparing(i -> i.resolutionDate, time);
            case "duedate", "due" -> Comparator.comparing(i -> textOf(i.customFields.get("duedate")), text);
            case "priority" -> Comparator.comparingInt(i -> -Catalog.PRIORITIES.indexOf(Catalog.priority(i.priorityId).orElseThrow()));
            case "status" -> Comparator.comparingInt(i -> Catalog.STATUSES.indexOf(Catalog.status(i.statusId)));
            case "summary" -> Comparator.comparing(i -> i.summary.toLowerCase(Locale.ROOT));
            case "project" -> Comparator.comparing(i -> i.project.key());
            case "issuetype", "type" -> Comparator.comparing(i -> i.issueTypeId);
            case "assignee" -> Comparator.comparing(i -> displayName(i.assigneeId), text);
            case "reporter" -> Comparator.comparing(i -> displayName(i.reporterId), text);
            default -> throw new IllegalStateException(field);
        };
    }

    private String displayName(String userId) {
        return userId == null ? null : state.user(userId).map(SandboxUser::displayName).orElse(userId);
    }

    // ---- parsing

    private void parseQuery() {
        if (peek().kind() != Kind.END && !peek().keyword("order")) {
            where = or();
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
            throw error("Expecting either 'OR' or 'AND' but got '" + rest.text() + "'.", rest);
        }
    }

    private Predicate<SandboxIssue> or() {
        Predicate<SandboxIssue> left = and();
        while (peek().keyword("or")) {
            take();
            left = left.or(and());
        }
        return left;
    }

    private Predicate<SandboxIssue> and() {
        Predicate<SandboxIssue> left = not();
        while (peek().keyword("and")) {
            take();
            left = left.and(not());
        }
        return left;
    }

    private Predicate<SandboxIssue> not() {
        if (peek().keyword("not")) {
            take();
            return not().negate();
        }
        if (peek().kind() == Kind.LEFT) {
            take();
            Predicate<SandboxIssue> inner = or();
            Token close = take();
            if (close.kind() != Kind.RIGHT) {
                throw error("Expecting ')' but got '" + close.text() + "'.", close);
            }
            return inner;
        }
        return clause();
    }

    private Sort sort() {
        Token field = take();
        if (field.kind() != Kind.WORD && field.kind() != Kind.STRING) {
            throw error("Expecting a field name but got '" + field.text() + "'.", field);
        }
        String name = field.text().toLowerCase(Locale.ROOT);
        if (!ORDERABLE.contains(name)) {
            throw fieldProblem(field, "ordering by");
        }
        boolean descending = false;
        if (peek().keyword("asc") || peek().keyword("desc")) {
            descending = take().keyword("desc");
        }
        return new Sort(name.equals("type") ? "issuetype" : name, descending);
    }

    private Predicate<SandboxIssue> clause() {
        Token fieldToken = take();
        if (fieldToken.kind() != Kind.WORD && fieldToken.kind() != Kind.STRING) {
            throw error("Expecting a field name but got '" + fieldToken.text() + "'.", fieldToken);
        }
        Field field = field(fieldToken);
        Token operator = take();
        String op;
        if (operator.keyword("in")) {
            op = "in";
        } else if (operator.keyword("not")) {
            Token in = take();
            if (!in.keyword("in")) {
                throw error("Expecting 'IN' after 'NOT' but got '" + in.text() + "'.", in);
            }
            op = "not in";
        } else if (operator.keyword("is")) {
            boolean negated = peek().keyword("not");
            if (negated) {
                take();
            }
            Value value = value();
            if (!value.empty()) {
                throw error("Expecting 'EMPTY' or 'NULL' after 'IS" + (negated ? " NOT" : "") + "' but got '"
                        + value.text() + "'.", value.token());
            }
            Predicate<SandboxIssue> isEmpty = i -> field.values().apply(i).isEmpty();
            return negated ? isEmpty.negate() : isEmpty;
        } else if (operator.keyword("was") || operator.keyword("changed")) {
            throw unsupported("the operator '" + operator.text().toUpperCase(Locale.ROOT) + "'", operator);
        } else if (operator.kind() == Kind.OPERATOR) {
            op = operator.text();
        } else {
            throw error("Expecting operator but got '" + operator.text() + "'. The valid operators are '=', '!=', '<', '>', "
                    + "'<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.", operator);
        }
        if (op.equals("in") || op.equals("not in")) {
            requireOperator(field, op, operator, Type.ID, Type.NUMBER);
            List<Value> values = list();
            Set<String> wanted = new HashSet<>();
            boolean withEmpty = false;
            for (Value value : values) {
                if (isEmpty(field, value)) {
                    withEmpty = true;
                } else {
                    wanted.addAll(field.resolve().apply(value));
                }
            }
            Predicate<SandboxIssue> any = anyOf(field, wanted, withEmpty);
            // like !=, NOT IN never matches an empty field (unless EMPTY is in the list)
            return op.equals("in") ? any : i -> !field.values().apply(i).isEmpty() && !any.test(i);
        }
        Value value = value();
        return switch (op) {
            case "=" -> {
                requireOperator(field, op, operator, Type.ID, Type.NUMBER, Type.DATE);
                if (isEmpty(field, value)) {
                    yield i -> field.values().apply(i).isEmpty();
                }
                yield field.type() == Type.DATE ? compare(field, op, value, operator) : anyOf(field, field.resolve().apply(value), false);
            }
            case "!=" -> {
                requireOperator(field, op, operator, Type.ID, Type.NUMBER, Type.DATE);
                if (isEmpty(field, value)) {
                    yield i -> !field.values().apply(i).isEmpty();
                }
                Predicate<SandboxIssue> equal = field.type() == Type.DATE ? compare(field, "=", value, operator)
                        : anyOf(field, field.resolve().apply(value), false);
                // Jira's != does not match issues whose field is empty
                yield i -> !field.values().apply(i).isEmpty() && !equal.test(i);
            }
            case "~", "!~" -> {
                requireOperator(field, op, operator, Type.TEXT);
                Predicate<SandboxIssue> contains = textMatch(field, value);
                yield op.equals("~") ? contains : contains.negate();
            }
            case ">", ">=", "<", "<=" -> {
                requireOperator(field, op, operator, Type.DATE, Type.NUMBER);
                yield compare(field, op, value, operator);
            }
            default -> throw error("Expecting operator but got '" + op + "'.", operator);
        };
    }

    /** EMPTY and NULL, and resolution's Unresolved, which Jira treats as "no resolution". */
    private static boolean isEmpty(Field field, Value value) {
        return value.empty() || field.name().equals("resolution") && value.function() == null
                && value.text().equalsIgnoreCase("unresolved");
    }

    private static Predicate<SandboxIssue> anyOf(Field field, Set<String> wanted, boolean withEmpty) {
        return i -> {
            List<String> values = field.values().apply(i);
            if (values.isEmpty()) {
                return withEmpty;
            }
            for (String value : values) {
                if (wanted.contains(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    private void requireOperator(Field field, String op, Token at, Type... types) {
        for (Type type : types) {
            if (field.type() == type) {
                return;
            }
        }
        throw new JqlException(List.of("The operator '" + op.toUpperCase(Locale.ROOT) + "' is not supported by the '"
                + field.name() + "' field."));
    }

    /** Jira's ~ is a word search: every word of the query must occur in the field (case-insensitive, * and ? as wildcards). */
    private static Predicate<SandboxIssue> textMatch(Field field, Value value) {
        List<String> words = new ArrayList<>();
        for (String word : value.text().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_.@-]+")) {
            String plain = word.replace("*", "").replace("?", "");
            if (!plain.isEmpty()) {
                words.add(plain);
            }
        }
        return i -> {
            String text = String.join("\n", field.values().apply(i)).toLowerCase(Locale.ROOT);
            return !text.isEmpty() && words.stream().allMatch(text::contains);
        };
    }

    private Predicate<SandboxIssue> compare(Field field, String op, Value value, Token at) {
        if (field.type() == Type.NUMBER) {
            double wanted = number(value, field.name());
            return i -> Optional.ofNullable(field.number().apply(i)).map(n -> holds(Double.compare(n, wanted), op)).orElse(false);
        }
        Instant when = instant(value, field.name());
        return i -> Optional.ofNullable(field.instant().apply(i)).map(t -> holds(t.compareTo(when), op)).orElse(false);
    }

    private static boolean holds(int comparison, String op) {
        return switch (op) {
            case "=" -> comparison == 0;
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            case "<" -> comparison < 0;
            default -> comparison <= 0;
        };
    }

    private List<Value> list() {
        if (peek().kind() == Kind.WORD) {
            // a function that yields a list: IN membersOf(…)
            return List.of(value());
        }
        Token open = take();
        if (open.kind() != Kind.LEFT) {
            throw error("Expecting '(' but got '" + open.text() + "'.", open);
        }
        List<Value> values = new ArrayList<>();
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

    private Value value() {
        Token value = take();
        if (value.kind() != Kind.WORD && value.kind() != Kind.STRING) {
            throw error("Expecting either a value, list or function but got '" + value.text() + "'.", value);
        }
        if (value.kind() == Kind.WORD && peek().kind() == Kind.LEFT) {
            take();
            List<String> arguments = new ArrayList<>();
            while (peek().kind() != Kind.RIGHT) {
                Token argument = take();
                if (argument.kind() == Kind.END) {
                    throw error("Expecting ')' but got '<EOF>'.", argument);
                }
                if (argument.kind() != Kind.COMMA) {
                    arguments.add(argument.text());
                }
            }
            take();
            String name = value.text().toLowerCase(Locale.ROOT);
            if (!name.equals("currentuser") && !DATE_FUNCTIONS.contains(name)) {
                throw new JqlException(List.of("Unable to find JQL function '" + value.text() + "(" + String.join(", ", arguments) + ")'."));
            }
            return new Value(value, false, name, arguments);
        }
        boolean empty = value.kind() == Kind.WORD && (value.keyword("empty") || value.keyword("null"));
        return new Value(value, empty, null, List.of());
    }

    // ---- fields

    private Field field(Token token) {
        String name = token.text().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "project" -> idField(token.text(), i -> List.of(i.project.id()), v -> Set.of(project(v).id()));
            case "key", "issuekey", "id" -> new Field(token.text(), Type.ID, i -> List.of(String.valueOf(i.id)),
                    v -> Set.of(String.valueOf(issue(v, token.text()).id)), i -> null, i -> null);
            case "labels" -> idField("labels", i -> i.labels, v -> Set.of(literal(v)));
            case "status" -> idField("status", i -> List.of(i.statusId), v -> Set.of(status(v).id()));
            case "statuscategory" -> idField("statusCategory",
                    i -> List.of(String.valueOf(Catalog.status(i.statusId).categoryId())), this::statusCategory);
            case "priority" -> idField("priority", i -> i.priorityId == null ? List.of() : List.of(i.priorityId),
                    v -> Set.of(Catalog.priorityNamed(literal(v)).or(() -> Catalog.priority(literal(v)))
                            .orElseThrow(() -> doesNotExist(v.text(), "priority")).id()));
            case "issuetype", "type" -> idField("issuetype", i -> List.of(i.issueTypeId),
                    v -> Set.of(Catalog.issueTypeNamed(literal(v)).or(() -> Catalog.issueType(literal(v)))
                            .orElseThrow(() -> doesNotExist(v.text(), "issuetype")).id()));
            case "resolution" -> idField("resolution",
                    i -> i.resolutionDate == null ? List.of() : List.of(Catalog.DONE_RESOLUTION_ID), this::resolution);
            case "assignee" -> idField("assignee", i -> listOf(i.assigneeId), v -> user(v, "assignee"));
            case "reporter" -> idField("reporter", i -> listOf(i.reporterId), v -> user(v, "reporter"));
            case "creator" -> idField("creator", i -> listOf(i.creatorId), v -> user(v, "creator"));
            case "summary" -> textField("summary", i -> listOf(i.summary));
            case "description" -> textField("description", i -> listOf(textOf(i.description)));
            case "environment" -> textField("environment", i -> listOf(textOf(i.customFields.get("environment"))));
            case "comment" -> textField("comment", i -> i.comments.stream().map(c -> textOf(c.body())).toList());
            case "text" -> textField("text", this::allText);
            case "created", "createddate" -> dateField("created", i -> i.created);
            case "updated", "updateddate" -> dateField("updated", i -> i.updated);
            case "resolved", "resolutiondate" -> dateField("resolved", i -> i.resolutionDate);
            case "due", "duedate" -> dateField("due", i -> dateOf(i.customFields.get("duedate")));
            case "fixversion" -> idField("fixVersion", i -> ids(i.customFields.get("fixVersions")), v -> versions(v, "fixVersion"));
            case "component" -> idField("component", i -> ids(i.customFields.get("components")), this::components);
            default -> customField(token);
        };
    }

    private Field idField(String name, Function<SandboxIssue, List<String>> values, Function<Value, Set<String>> resolve) {
        return new Field(name, Type.ID, values, resolve, i -> null, i -> null);
    }

    private static Field textField(String name, Function<SandboxIssue, List<String>> values) {
        return new Field(name, Type.TEXT, values, v -> Set.of(), i -> null, i -> null);
    }

    private static Field dateField(String name, Function<SandboxIssue, Instant> instant) {
        // a date's "values" only tell IS EMPTY whether it is set; comparisons read the instant itself
        return new Field(name, Type.DATE, i -> listOf(instant.apply(i) == null ? null : "set"), v -> Set.of(), instant, i -> null);
    }

    /** cf[10010], customfield_10010 or the field's name ("App version"). */
    private Field customField(Token token) {
        String name = token.text();
        Matcher cf = Pattern.compile("(?i)cf\\[(\\d+)]|customfield_(\\d+)").matcher(name);
        Optional<Catalog.FieldDef> def = cf.matches()
                ? Catalog.field("customfield_" + (cf.group(1) != null ? cf.group(1) : cf.group(2)))
                : Catalog.FIELDS.stream().filter(f -> f.custom() && f.name().equalsIgnoreCase(name)).findFirst();
        if (def.isEmpty() || !def.get().custom()) {
            throw fieldProblem(token, "the field");
        }
        String id = def.get().id();
        FieldValues.Kind kind = FieldValues.kind(id).orElseThrow();
        Function<SandboxIssue, JsonNode> stored = i -> i.customFields.get(id);
        return switch (kind) {
            case TEXT, TEXTAREA, URL -> textField(name, i -> listOf(textOf(stored.apply(i))));
            case NUMBER -> new Field(name, Type.NUMBER,
                    i -> stored.apply(i) == null ? List.of() : List.of(String.valueOf(stored.apply(i).asDouble())),
                    v -> Set.of(String.valueOf(number(v, name))), i -> null,
                    i -> stored.apply(i) == null ? null : stored.apply(i).asDouble());
            case DATE -> dateField(name, i -> dateOf(stored.apply(i)));
            case DATETIME -> dateField(name, i -> stored.apply(i) == null ? null
                    : OffsetDateTime.parse(stored.apply(i).asText(), CUSTOM_DATE_TIME).toInstant());
            case LABELS -> idField(name, i -> ids(stored.apply(i)), v -> Set.of(literal(v)));
            case SELECT, MULTISELECT -> idField(name, i -> ids(stored.apply(i)), v -> option(v, Catalog.options(id), name));
            case CASCADE -> idField(name, i -> stored.apply(i) == null ? List.of()
                            : listOf(stored.apply(i).path("parent").asText(), stored.apply(i).path("child").asText(null)),
                    v -> option(v, Catalog.options(id).stream().flatMap(o -> java.util.stream.Stream.concat(
                            java.util.stream.Stream.of(o), Catalog.childOptions(o.id()).stream())).toList(), name));
            case USER, USERS -> idField(name, i -> ids(stored.apply(i)), v -> user(v, name));
            case VERSION, VERSIONS -> idField(name, i -> ids(stored.apply(i)), v -> versions(v, name));
            case COMPONENTS -> idField(name, i -> ids(stored.apply(i)), this::components);
        };
    }

    private List<String> allText(SandboxIssue issue) {
        List<String> texts = new ArrayList<>();
        texts.add(issue.summary);
        texts.add(textOf(issue.description));
        texts.add(textOf(issue.customFields.get("environment")));
        issue.comments.forEach(c -> texts.add(textOf(c.body())));
        issue.customFields.forEach((id, value) -> FieldValues.kind(id)
                .filter(k -> k == FieldValues.Kind.TEXT || k == FieldValues.Kind.TEXTAREA).ifPresent(k -> texts.add(textOf(value))));
        texts.removeIf(Objects::isNull);
        return texts;
    }

    // ---- values

    private String literal(Value value) {
        if (value.function() != null) {
            throw new JqlException(List.of("The function '" + value.text() + "' is not supported here."));
        }
        return value.text();
    }

    private SandboxProject project(Value value) {
        String text = literal(value);
        return state.project(text)
                .or(() -> state.projects().stream().filter(p -> p.name().equalsIgnoreCase(text)).findFirst())
                .orElseThrow(() -> doesNotExist(text, "project"));
    }

    private SandboxIssue issue(Value value, String field) {
        String text = literal(value);
        return state.issue(text).orElseThrow(() -> new JqlException(List.of(
                "An issue with key '" + text + "' does not exist for the field '" + field + "'.")));
    }

    private Catalog.Status status(Value value) {
        String text = literal(value);
        return Catalog.statusNamed(text).or(() -> Catalog.STATUSES.stream().filter(s -> s.id().equals(text)).findFirst())
                .orElseThrow(() -> doesNotExist(text, "status"));
    }

    private Set<String> statusCategory(Value value) {
        String text = literal(value);
        return Catalog.STATUSES.stream().filter(s -> s.categoryName().equalsIgnoreCase(text) || s.categoryKey().equalsIgnoreCase(text)
                        || String.valueOf(s.categoryId()).equals(text))
                .map(s -> String.valueOf(s.categoryId())).findFirst().map(Set::of)
                .orElseThrow(() -> doesNotExist(text, "statusCategory"));
    }

    private Set<String> resolution(Value value) {
        String text = literal(value);
        if (text.equalsIgnoreCase("Done") || text.equals(Catalog.DONE_RESOLUTION_ID)) {
            return Set.of(Catalog.DONE_RESOLUTION_ID);
        }
        throw doesNotExist(text, "resolution");
    }

    private Set<String> user(Value value, String field) {
        if ("currentuser".equals(value.function())) {
            return currentUserId == null ? Set.of() : Set.of(currentUserId);
        }
        String text = literal(value);
        Optional<SandboxUser> user = state.user(text).or(() -> state.userByLogin(text))
                .or(() -> state.users().stream().filter(u -> u.displayName().equalsIgnoreCase(text)
                        || text.equalsIgnoreCase(u.emailAddress()) || text.equals(u.name())).findFirst());
        return Set.of(user.orElseThrow(() -> doesNotExist(text, field)).id(state.flavour()));
    }

    private Set<String> versions(Value value, String field) {
        String text = literal(value);
        Set<String> ids = new HashSet<>();
        state.projects().forEach(p -> p.versions().stream().filter(v -> v.name().equals(text) || v.id().equals(text))
                .forEach(v -> ids.add(v.id())));
        if (ids.isEmpty()) {
            throw doesNotExist(text, field);
        }
        return ids;
    }

    private Set<String> components(Value value) {
        String text = literal(value);
        Set<String> ids = new HashSet<>();
        state.projects().forEach(p -> p.components().stream().filter(c -> c.name().equalsIgnoreCase(text) || c.id().equals(text))
                .forEach(c -> ids.add(c.id())));
        if (ids.isEmpty()) {
            throw doesNotExist(text, "component");
        }
        return ids;
    }

    private Set<String> option(Value value, List<Catalog.SelectOption> options, String field) {
        String text = literal(value);
        return options.stream().filter(o -> o.value().equalsIgnoreCase(text) || o.id().equals(text)).map(Catalog.SelectOption::id)
                .findFirst().map(Set::of).orElseThrow(() -> doesNotExist(text, field));
    }

    private static double number(Value value, String field) {
        try {
            return Double.parseDouble(value.text());
        } catch (NumberFormatException e) {
            throw new JqlException(List.of("The value '" + value.text() + "' for field '" + field + "' is invalid."));
        }
    }

    private static List<String> listOf(String... values) {
        List<String> list = new ArrayList<>();
        for (String value : values) {
            if (value != null) {
                list.add(value);
            }
        }
        return list;
    }

    private static List<String> ids(JsonNode stored) {
        if (stored == null || stored.isNull()) {
            return List.of();
        }
        if (stored.isArray()) {
            List<String> ids = new ArrayList<>();
            stored.forEach(item -> ids.add(item.asText()));
            return ids;
        }
        return List.of(stored.asText());
    }

    private static String textOf(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.asText() : value.isObject() ? Adf.toText(value) : value.asText();
    }

    /** A date without time starts in the searcher's zone, like the date literals it is compared with. */
    private Instant dateOf(JsonNode stored) {
        return stored == null || stored.isNull() ? null : LocalDate.parse(stored.asText()).atStartOfDay(zone).toInstant();
    }

    private static JqlException doesNotExist(String value, String field) {
        return new JqlException(List.of("The value '" + value + "' does not exist for the field '" + field + "'."));
    }

    // ---- dates

    private Instant instant(Value value, String field) {
        if (value.function() != null) {
            return dateFunction(value, field);
        }
        String text = value.text().trim();
        Optional<Instant> relative = offset(text, state.now());
        if (relative.isPresent()) {
            return relative.get();
        }
        for (DateTimeFormatter format : DATE_TIMES) {
            try {
                return LocalDateTime.parse(text, format).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // try the next accepted format
            }
        }
        for (DateTimeFormatter format : DATES) {
            try {
                return LocalDate.parse(text, format).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e) {
                // try the next accepted format
            }
        }
        throw new JqlException(List.of("Date value '" + text + "' for field '" + field + "' is invalid. Valid formats include: "
                + "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."));
    }

    /** "-1d", "+2h", "3w" (minutes without a unit) from {@code base}; empty when the text is not an offset. */
    private static Optional<Instant> offset(String text, Instant base) {
        Matcher relative = RELATIVE.matcher(text.replace(" ", ""));
        if (!relative.matches() || relative.group(3).isEmpty() && text.length() > 6) {
            return Optional.empty();
        }
        long amount = Long.parseLong(relative.group(2)) * (relative.group(1).equals("-") ? -1 : 1);
        ZonedDateTime at = base.atZone(JiraTime.ZONE);
        return Optional.of(switch (relative.group(3)) {
            case "y" -> at.plusYears(amount).toInstant();
            case "M" -> at.plusMonths(amount).toInstant();
            case "w" -> base.plus(Duration.ofDays(7 * amount));
            case "d" -> base.plus(Duration.ofDays(amount));
            case "h" -> base.plus(Duration.ofHours(amount));
            default -> base.plus(Duration.ofMinutes(amount));
        });
    }

    private Instant dateFunction(Value value, String field) {
        if (!DATE_FUNCTIONS.contains(value.function())) {
            throw new JqlException(List.of("The function '" + value.text() + "' is not supported by the '" + field + "' field."));
        }
        ZonedDateTime now = state.now().atZone(zone);
        ZonedDateTime day = now.truncatedTo(ChronoUnit.DAYS);
        ZonedDateTime base = switch (value.function()) {
            case "now" -> now;
            case "startofday" -> day;
            case "endofday" -> day.plusDays(1).minusNanos(1_000_000);
            case "startofweek" -> day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.SUNDAY));
            case "endofweek" -> day.with(TemporalAdjusters.nextOrSame(java.time.DayOfWeek.SATURDAY)).plusDays(1).minusNanos(1_000_000);
            case "startofmonth" -> day.withDayOfMonth(1);
            case "endofmonth" -> day.with(TemporalAdjusters.lastDayOfMonth()).plusDays(1).minusNanos(1_000_000);
            case "startofyear" -> day.withDayOfYear(1);
            default -> day.with(TemporalAdjusters.lastDayOfYear()).plusDays(1).minusNanos(1_000_000);
        };
        if (value.arguments().isEmpty()) {
            return base.toInstant();
        }
        String argument = value.arguments().get(0).trim();
        // a bare number counts in the function's own unit (days for startOfDay, weeks for startOfWeek …)
        if (argument.matches("[-+]?\\d+")) {
            String unit = Map.of("startofweek", "w", "endofweek", "w", "startofmonth", "M", "endofmonth", "M",
                    "startofyear", "y", "endofyear", "y", "now", "m").getOrDefault(value.function(), "d");
            argument = argument + unit;
        }
        return offset(argument, base.toInstant()).orElseThrow(() -> new JqlException(List.of(
                "The argument '" + value.arguments().get(0) + "' of '" + value.text() + "' is not a valid offset such as '-1d'.")));
    }

    // ---- errors and tokens

    private JqlException fieldProblem(Token token, String what) {
        String field = token.text().toLowerCase(Locale.ROOT);
        if (KNOWN_UNSUPPORTED_FIELDS.contains(field) || field.equals("sprint")) {
            return unsupported(what + " '" + token.text() + "'", token);
        }
        if (what.equals("ordering by") && (Catalog.FIELDS.stream().anyMatch(f -> f.id().equalsIgnoreCase(field))
                || isKnownSearchField(field))) {
            return unsupported("ordering by '" + token.text() + "'", token);
        }
        return new JqlException(List.of("Field '" + token.text() + "' does not exist or you do not have permission to view it."));
    }

    private static boolean isKnownSearchField(String field) {
        return Set.of("labels", "statuscategory", "resolution", "creator", "description", "environment", "comment", "text",
                "fixversion", "component").contains(field) || field.matches("cf\\[\\d+]");
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
                || c == '[' || c == ']' || c == '*' || c == '@';
    }
}

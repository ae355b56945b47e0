package org.jirabridge.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.ingest.IngestRepository.ProjectRow;
import org.jirabridge.ingest.IngestRepository.Settings;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of routes/ingest.camel.yaml, bound as bean {@code ingestion}. Each step either prepares the next Jira
 * request (headers CamelJiraMethod/CamelJiraPath and a body for {@code jirarest:request}) or reads Jira's answer
 * from the body. Per project: the issue count, the boards' sprints, then pages of issues in {@code updated} order from
 * the durable cursor (less an overlap), each stored with the cursor in one transaction, comments and changelogs read
 * in bulk for the page's issues only; now and then an id-only sweep marks deleted issues and fetches any missed.
 */
public final class IngestRun {

    private static final Logger LOG = LoggerFactory.getLogger(IngestRun.class);
    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String AGILE = "/rest/agile/1.0";
    private static final int USERS_PAGE = 1000;
    private static final int CLOUD_ID_PAGE = 5000;
    private static final int SERVER_ID_PAGE = 1000;
    private static final int BULK_CHANGELOG_PAGE = 1000;
    private static final int ISSUE_CHANGELOG_PAGE = 100;
    /** Pages read ahead of the writer at most (then the reader waits): bounds the memory of a long import. */
    private static final int PAGES_WAITING = 8;
    /** Statuses by which a site says it has no bulk changelog fetch (older or restricted Cloud sites). */
    private static final Set<Integer> NO_BULK_CHANGELOG = Set.of(404, 405, 501);
    /** Without /myself the zone Jira reads JQL dates in is unknown: UTC less the widest offset west of it (UTC-12). */
    static final Duration UNKNOWN_ZONE_MARGIN = Duration.ofHours(12);
    private static final int COMMENT_PAGE = 5000;
    /** A sweep that finds fewer issues than this stored never flags a project (small projects may empty out). */
    private static final int FLAG_MINIMUM = 10;

    /**
     * What a run that read the reference data learnt about the site, kept for the runs after it (for at most
     * {@code referenceInterval}): an incremental run then costs only the project list and the changes' own requests.
     */
    record KnownSite(String baseUrl, boolean cloud, ZoneId zone, boolean zoneKnown, String sprintField, Instant readAt) {

        static KnownSite of(String baseUrl, Site site, Instant readAt) {
            return new KnownSite(baseUrl, site.cloud, site.zone, site.zoneKnown, site.sprintField, readAt);
        }

        /** Still good for a run now: read from the same Jira URL less than {@code interval} ago. */
        boolean serves(String baseUrl, Instant now, Duration interval) {
            return Objects.equals(this.baseUrl, baseUrl) && Duration.between(readAt, now).compareTo(interval) < 0;
        }

        /** A run's site as this reference read left it. */
        Site site() {
            Site site = new Site();
            site.deployment(cloud);
            site.zone = zone;
            site.zoneKnown = zoneKnown;
            site.sprintField = sprintField;
            return site;
        }
    }

    /** What one integration's run knows about the site. */
    static final class Site {
        boolean cloud;
        String api;
        ZoneId zone = ZoneId.of("UTC");
        /** False when /myself was refused: the zone Jira reads JQL dates in is not known. */
        boolean zoneKnown;
        /** The site answered that it has no POST /changelog/bulkfetch: per-issue changelog pages for the rest of the run. */
        boolean bulkChangelogMissing;
        String sprintField;
        int startAt;
        final List<IngestRows.Project> listed = new ArrayList<>();

        /** Cloud or Server decides the REST version. */
        void deployment(boolean isCloud) {
            cloud = isCloud;
            api = "/rest/api/" + (isCloud ? "3" : "2");
        }
    }

    /** One project's run: the query, its paging, the page being read, the sweep. */
    static final class ProjectRun {
        final String key;
        final boolean cloud;
        final String jql;
        long total;
        String token;
        int startAt;
        // where the page being read leads; taken over once the page is stored, so a page read again after a failure
        // (the route's redelivery) is the same page, never the next one
        String nextToken;
        int nextStartAt;
        final Set<String> tokens = new HashSet<>();
        int pages;
        boolean stopped;
        // the page being read
        List<JsonNode> issues = List.of();
        boolean lastPage;
        String changelogToken;
        boolean changelogPending;
        // issues whose changelog is read page by page (no bulk fetch on the site, or more than Cloud embeds)
        final Deque<String> issueChangelogs = new ArrayDeque<>();
        int issueChangelogStartAt;
        final Map<String, List<IngestRows.Change>> changes = new HashMap<>();
        final Deque<String> partialComments = new ArrayDeque<>();
        final Map<String, List<IngestRows.Comment>> fetchedComments = new HashMap<>();
        int commentStartAt;
        String detail;
        // the sweep and the repair of what it found missing
        boolean sweeping;
        final Set<String> jiraIds = new HashSet<>();
        String sweepToken;
        int sweepStartAt;
        boolean flagged;
        boolean swept;
        final Deque<String> repairIds = new ArrayDeque<>();
        boolean repairing;
        List<String> repairBatch = List.of();
        // pages are written, in order, while the next ones are read
        PageWriter writer;
        // issues the store did not hold before this run (counted by the writer's thread)
        final AtomicLong newIssues = new AtomicLong();
        // the users as this run last handed them to the writer: a page stores only those new or changed (the same
        // few people appear on every page of a project)
        final Map<String, IngestRows.User> usersHandedOver = new HashMap<>();

        ProjectRun(String key, boolean cloud, String jql) {
            this.key = key;
            this.cloud = cloud;
            this.jql = jql;
        }
    }

    private final IngestRepository store;
    private final Integrations integrations;
    private final IngestProgress progress;
    private final Clock clock;
    private final Duration overlap;
    private final int pageSize;
    private final int maxPages;
    private final Duration sweepInterval;
    private final Duration referenceInterval;
    private final Map<String, KnownSite> known = new ConcurrentHashMap<>();
    private final ExecutorService writers;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();

    public IngestRun(IngestRepository store, Integrations integrations, IngestProgress progress, Clock clock,
                     Duration overlap, int pageSize, int maxPages, Duration sweepInterval, Duration referenceInterval) {
        this.store = store;
        this.integrations = integrations;
        this.progress = progress;
        this.clock = clock;
        this.overlap = overlap;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
        this.sweepInterval = sweepInterval;
        this.referenceInterval = referenceInterval;
        AtomicInteger threads = new AtomicInteger();
        this.writers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "ingest-writer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    // ---- which integrations run

    /** The integrations with ingestion on and not paused (the scheduled run's list). */
    public List<String> due() {
        return store.enabled().stream().filter(s -> !s.paused()).map(Settings::integrationId)
                .filter(id -> integrations.find(id).isPresent()).toList();
    }

    /** True while a run of the integration is under way in this process. */
    public boolean isRunning(String integrationId) {
        return running.contains(integrationId);
    }

    private static String integrationId(Exchange exchange) {
        return exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
    }

    private static void request(Message message, String method, String path, Object body) {
        message.setHeader(JiraRestConstants.JIRA_METHOD, method);
        message.setHeader(JiraRestConstants.JIRA_PATH, path);
        // the answer as a tree read as it arrives (not into Maps, nor text first: pages are big)
        message.setHeader(JiraRestConstants.RESPONSE_TREE, true);
        message.setBody(body);
    }

    private static JsonNode answer(Exchange exchange) {
        return JsonTree.of(exchange.getMessage().getBody());
    }

    private static Site site(Exchange exchange) {
        return exchange.getProperty(BridgeHeaders.INGEST_SITE, Site.class);
    }

    private static ProjectRun run(Exchange exchange) {
        return exchange.getProperty(BridgeHeaders.INGEST_RUN, ProjectRun.class);
    }

    // ---- the integration's run

    /** Decides whether to run (on, not paused, not already running here); a run asked for meanwhile follows it. */
    public void start(Exchange exchange) {
        String id = integrationId(exchange);
        Settings settings = store.settings(id);
        Optional<Integration> integration = integrations.find(id);
        boolean off = integration.isEmpty() || !settings.enabled() || settings.paused();
        if (!off && !running.add(id)) {
            again.add(id);
            off = true;
        }
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_SKIP, off);
        if (!off) {
            KnownSite cached = known.get(id);
            boolean reference = cached == null
                    || !cached.serves(baseUrl(integration.get()), clock.instant(), referenceInterval);
            exchange.setProperty(BridgeHeaders.INGEST_SITE, reference ? new Site() : cached.site());
            exchange.getMessage().setHeader(BridgeHeaders.INGEST_REFERENCE, reference);
            store.runState(id, "importing", null, null);
        }
    }

    private static String baseUrl(Integration integration) {
        return integration.connection() == null ? null : integration.connection().baseUrl();
    }

    /** The next run reads the reference data again (a refresh asked for by the user, an edited connection). */
    public void forgetSite(String integrationId) {
        known.remove(integrationId);
    }

    /** After jirarest:serverInfo: Cloud or Server decides the API version, search and paging. */
    public void rememberDeployment(Exchange exchange) {
        site(exchange).deployment("CLOUD".equals(exchange.getMessage().getHeader(JiraRestConstants.DEPLOYMENT, String.class)));
    }

    /** After jirarest:myself: times are shown, and JQL dates written, in the Jira user's time zone. */
    public void rememberMyself(Exchange exchange) {
        JsonNode myself = answer(exchange);
        String zone = JiraRecords.text(myself, "timeZone");
        Site site = site(exchange);
        try {
            site.zone = ZoneId.of(zone == null ? "UTC" : zone);
            site.zoneKnown = zone != null;
        } catch (RuntimeException e) {
            site.zone = ZoneId.of("UTC");
            site.zoneKnown = false;
        }
        store.runState(integrationId(exchange), "importing", null, site.zone.getId());
    }

    /** /myself was not allowed: UTC, as Jira's own UI would fall back to. */
    public void noMyself(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.info("ingest {}: /myself not allowed ({}); times shown in UTC", integrationId(exchange),
                e == null ? "?" : e.getMessage());
        site(exchange).zone = ZoneId.of("UTC");
        site(exchange).zoneKnown = false;
        store.utcTimeZone(integrationId(exchange));
    }

    public void fieldsRequest(Exchange exchange) {
        request(exchange.getMessage(), "GET", site(exchange).api + "/field", null);
    }

    /** The site's Sprint field is a custom field with Jira Software's gh-sprint type; its id differs per site. */
    public void rememberFields(Exchange exchange) {
        for (JsonNode field : answer(exchange)) {
            if ("com.pyxis.greenhopper.jira:gh-sprint".equals(JiraRecords.text(field.path("schema"), "custom"))) {
                site(exchange).sprintField = JiraRecords.text(field, "id");
            }
        }
    }

    public void statusesRequest(Exchange exchange) {
        request(exchange.getMessage(), "GET", site(exchange).api + "/status", null);
    }

    public void storeStatuses(Exchange exchange) {
        List<IngestRows.Status> statuses = new ArrayList<>();
        answer(exchange).forEach(s -> statuses.add(JiraRecords.status(s)));
        store.storeStatuses(integrationId(exchange), statuses);
    }

    public void projectsRequest(Exchange exchange) {
        Site site = site(exchange);
        String path = site.cloud ? site.api + "/project/search?expand=lead&maxResults=50&startAt=" + site.startAt
                : site.api + "/project?expand=lead";
        request(exchange.getMessage(), "GET", path, null);
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, true);
    }

    /** One page of projects; after the last, the list is stored (new ones found, vanished ones flagged). */
    public void storeProjects(Exchange exchange) {
        Site site = site(exchange);
        JsonNode answer = answer(exchange);
        JsonNode values = answer.isArray() ? answer : answer.path("values");
        values.forEach(p -> site.listed.add(JiraRecords.project(p)));
        boolean more = site.cloud && !answer.path("isLast").asBoolean(true) && !values.isEmpty();
        site.startAt += values.size();
        if (more) {
            projectsRequest(exchange);
        } else {
            store.discovered(integrationId(exchange), site.listed);
            site.startAt = 0;
        }
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, more);
    }

    public void usersRequest(Exchange exchange) {
        Site site = site(exchange);
        String path = site.cloud ? site.api + "/users/search?startAt=" + site.startAt + "&maxResults=" + USERS_PAGE
                : site.api + "/user/search?username=.&startAt=" + site.startAt + "&maxResults=" + USERS_PAGE;
        request(exchange.getMessage(), "GET", path, null);
    }

    public void storeUsers(Exchange exchange) {
        Site site = site(exchange);
        List<IngestRows.User> users = new ArrayList<>();
        answer(exchange).forEach(u -> JiraRecords.addUser(users, u));
        store.storeUsers(integrationId(exchange), users);
        site.startAt += users.size();
        boolean more = users.size() >= USERS_PAGE;
        if (more) {
            usersRequest(exchange);
        }
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, more);
    }

    /** Without "Browse users and groups" the list is refused: users then come only from the issues. */
    public void usersRefused(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("ingest {}: the user list was refused ({}); users are taken from the issues only (needs the global "
                + "permission Browse users and groups)", integrationId(exchange), e == null ? "?" : e.getMessage());
    }

    /** Body out: the keys of the projects to import this run. */
    public void projectsToImport(Exchange exchange) {
        String id = integrationId(exchange);
        Settings settings = store.settings(id);
        exchange.getMessage().setBody(store.projects(id).stream().filter(p -> p.imports(settings.autoImportAll()))
                .map(ProjectRow::key).toList());
    }

    public void finish(Exchange exchange) {
        String id = integrationId(exchange);
        if (Boolean.TRUE.equals(exchange.getMessage().getHeader(BridgeHeaders.INGEST_REFERENCE, Boolean.class))) {
            integrations.find(id).ifPresent(i -> known.put(id, KnownSite.of(baseUrl(i), site(exchange),
                    clock.instant())));
        }
        store.runState(id, "idle", clock.instant(), null);
        running.remove(id);
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_AGAIN, again.remove(id));
    }

    /** A failed integration run (not one project's: those are recorded on the project) ends the run. */
    public void integrationFailed(Exchange exchange) {
        String id = integrationId(exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("ingest {}: run failed, the next run tries again: {}", id, describe(e));
        if (id != null && running.remove(id)) {
            store.runState(id, "idle", null, null);
        }
    }

    // ---- one project

    /** Sets up the project's run and asks for its issue count (the total of the progress). */
    public void beginProject(Exchange exchange) {
        Message message = exchange.getMessage();
        String id = integrationId(exchange);
        String key = message.getBody(String.class);
        message.setHeader(BridgeHeaders.INGEST_PROJECT, key);
        Site site = site(exchange);
        ProjectRow row = store.project(id, key).orElseThrow();
        String project = "project = \"" + key.replace("\"", "") + "\"";
        String jql = project;
        if (row.cursor() != null) {
            jql += " AND updated >= \"" + jqlFrom(row.cursor(), overlap, site.zone, site.zoneKnown) + "\"";
        }
        ProjectRun run = new ProjectRun(key, site.cloud, jql + " ORDER BY updated ASC");
        run.writer = new PageWriter(writers, PAGES_WAITING, pages -> {
            IngestRepository.PageOutcome outcome = store.storePages(id, key, pages, clock.instant());
            if (outcome.stored()) {
                run.newIssues.addAndGet(outcome.newIssues());
                progress.stored(id, key, outcome.issues(), run.total, () -> store.importedCounts(id).getOrDefault(key, 0L));
            }
            return outcome.stored();
        });
        exchange.setProperty(BridgeHeaders.INGEST_RUN, run);
        progress.begin(id, key);
        store.projectState(id, key, "importing");
        // an incremental run between reference reads keeps the last count (the sweep and the next count renew it)
        // (a project never counted is on its first import; an empty project keeps no cursor but has its count, 0)
        boolean count = row.total() == null || Boolean.TRUE.equals(message.getHeader(BridgeHeaders.INGEST_REFERENCE, Boolean.class));
        message.setHeader(BridgeHeaders.INGEST_PROJECT_REFERENCE, count);
        if (!count) {
            run.total = row.total();
        } else if (site.cloud) {
            request(message, "POST", site.api + "/search/approximate-count", Map.of("jql", project));
        } else {
            request(message, "POST", site.api + "/search", Map.of("jql", project, "maxResults", 0));
        }
    }

    /**
     * The JQL date of an incremental query: Jira reads it in the requesting user's time zone (from /myself), to the
     * minute, so the cursor less the overlap is written in that zone and rounded down. When the zone is unknown
     * (/myself refused) it is written in UTC {@link #UNKNOWN_ZONE_MARGIN} earlier, which no user's zone reads as later
     * than the cursor.
     */
    static String jqlFrom(Instant cursor, Duration overlap, ZoneId zone, boolean zoneKnown) {
        Instant from = cursor.minus(overlap).minus(zoneKnown ? Duration.ZERO : UNKNOWN_ZONE_MARGIN);
        ZoneId in = zoneKnown ? zone : ZoneId.of("UTC");
        LocalDateTime wallClock = from.atZone(in).toLocalDateTime();
        ZoneOffsetTransition setBack = in.getRules().getTransition(wallClock);
        if (setBack != null && setBack.isOverlap()) {
            // the hour the clock is set back names two instants: written before it, so either reading is not too late
            wallClock = wallClock.minus(setBack.getDuration().abs());
        }
        return JQL_TIME.format(wallClock.truncatedTo(ChronoUnit.MINUTES));
    }

    public void rememberTotal(Exchange exchange) {
        JsonNode answer = answer(exchange);
        ProjectRun run = run(exchange);
        run.total = run.cloud ? answer.path("count").asLong() : answer.path("total").asLong();
        store.projectTotal(integrationId(exchange), run.key, run.total);
    }

    public void boardsRequest(Exchange exchange) {
        request(exchange.getMessage(), "GET", AGILE + "/board?maxResults=50&projectKeyOrId=" + run(exchange).key, null);
    }

    /** Body out: the ids of the project's boards. */
    public void boards(Exchange exchange) {
        List<Long> ids = new ArrayList<>();
        answer(exchange).path("values").forEach(b -> ids.add(b.path("id").asLong()));
        exchange.getMessage().setBody(ids);
    }

    /** Body in: a board id; asks for its first page of sprints. */
    public void sprintsRequest(Exchange exchange) {
        long board = exchange.getMessage().getBody(Long.class);
        exchange.setProperty("JiraBridgeIngestBoard", board);
        exchange.setProperty("JiraBridgeIngestSprintsAt", 0);
        request(exchange.getMessage(), "GET", AGILE + "/board/" + board + "/sprint?maxResults=50&startAt=0", null);
    }

    public void storeSprints(Exchange exchange) {
        JsonNode answer = answer(exchange);
        List<IngestRows.Sprint> sprints = new ArrayList<>();
        answer.path("values").forEach(s -> sprints.add(JiraRecords.sprint(s, run(exchange).key)));
        store.storeSprints(integrationId(exchange), sprints);
        int at = exchange.getProperty("JiraBridgeIngestSprintsAt", Integer.class) + sprints.size();
        boolean more = !answer.path("isLast").asBoolean(true) && !sprints.isEmpty();
        if (more) {
            exchange.setProperty("JiraBridgeIngestSprintsAt", at);
            request(exchange.getMessage(), "GET", AGILE + "/board/" + exchange.getProperty("JiraBridgeIngestBoard")
                    + "/sprint?maxResults=50&startAt=" + at, null);
        }
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, more);
    }

    /** No agile API (Jira without Software) or no board permission: the project simply has no sprints here. */
    public void noBoards(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.debug("ingest {}/{}: no sprints read: {}", integrationId(exchange), run(exchange).key, describe(e));
    }

    public void firstPage(Exchange exchange) {
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, true);
    }

    private List<String> issueFields(Site site) {
        List<String> fields = new ArrayList<>(List.of("summary", "description", "issuetype", "project", "status",
                "priority", "labels", "assignee", "reporter", "creator", "created", "updated", "resolution",
                "resolutiondate", "parent", "comment"));
        if (site.sprintField != null) {
            fields.add(site.sprintField);
        }
        return fields;
    }

    /** The next search page: of the cursor's JQL, or (repairing) of issues the sweep found missing. */
    public void pageRequest(Exchange exchange) {
        Site site = site(exchange);
        ProjectRun run = run(exchange);
        String jql = run.jql;
        if (run.repairing) {
            // a batch read again after a failure is the same batch
            if (run.repairBatch.isEmpty()) {
                List<String> batch = new ArrayList<>();
                while (batch.size() < pageSize && !run.repairIds.isEmpty()) {
                    batch.add(run.repairIds.poll());
                }
                run.repairBatch = batch;
            }
            jql = "project = \"" + run.key + "\" AND id in (" + String.join(",", run.repairBatch) + ") ORDER BY updated ASC";
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jql", jql);
        body.put("maxResults", pageSize);
        body.put("fields", issueFields(site));
        if (site.cloud) {
            if (run.token != null && !run.repairing) {
                body.put("nextPageToken", run.token);
            }
            if (site.bulkChangelogMissing) {
                // without the bulk fetch, the embedded changelog (the latest 100) serves every issue with 100 or fewer
                body.put("expand", "changelog");
            }
            request(exchange.getMessage(), "POST", site.api + "/search/jql", body);
        } else {
            body.put("startAt", run.repairing ? 0 : run.startAt);
            // Server embeds the whole changelog (Cloud cuts it at 100, hence the bulk fetch there)
            body.put("expand", List.of("changelog"));
            request(exchange.getMessage(), "POST", site.api + "/search", body);
        }
    }

    /** Reads a search page; decides which details (changelogs, the rest of long comment lists) to fetch for it. */
    public void readPage(Exchange exchange) {
        Site site = site(exchange);
        ProjectRun run = run(exchange);
        JsonNode answer = answer(exchange);
        List<JsonNode> issues = new ArrayList<>();
        answer.path("issues").forEach(issues::add);
        run.issues = issues;
        run.changes.clear();
        run.partialComments.clear();
        run.fetchedComments.clear();
        run.issueChangelogs.clear();
        run.pages++;
        if (run.repairing) {
            run.lastPage = run.repairIds.isEmpty();
        } else if (run.cloud) {
            String next = JiraRecords.text(answer, "nextPageToken");
            run.lastPage = answer.path("isLast").asBoolean(next == null) || next == null || issues.isEmpty();
            if (!run.lastPage && run.tokens.contains(next)) {
                throw new IllegalStateException("Jira answered a page token it had given before; the import of "
                        + run.key + " stopped here to avoid a loop and resumes from its cursor next run");
            }
            run.nextToken = next;
        } else {
            run.nextStartAt = run.startAt + issues.size();
            run.lastPage = issues.isEmpty() || run.nextStartAt >= answer.path("total").asInt();
        }
        for (JsonNode issue : issues) {
            String id = JiraRecords.text(issue, "id");
            JsonNode comments = issue.path("fields").path("comment");
            if (comments.path("comments").size() < comments.path("total").asInt()) {
                run.partialComments.add(id);
            }
            JsonNode changelog = issue.path("changelog");
            boolean complete = changelog.has("total") && changelog.path("histories").size() >= changelog.path("total").asInt();
            if (!run.cloud || site.bulkChangelogMissing && complete) {
                // Server embeds all of it; Cloud all of it up to 100
                List<IngestRows.Change> rows = new ArrayList<>();
                changelog.path("histories").forEach(h -> rows.addAll(JiraRecords.changes(id, h)));
                run.changes.put(id, rows);
            } else if (site.bulkChangelogMissing) {
                run.issueChangelogs.add(id);
            }
        }
        run.changelogPending = run.cloud && !site.bulkChangelogMissing && !issues.isEmpty();
        run.changelogToken = null;
        run.issueChangelogStartAt = 0;
        run.commentStartAt = 0;
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_DETAIL_MORE, detailsLeft(run));
    }

    private static boolean detailsLeft(ProjectRun run) {
        return run.changelogPending || !run.issueChangelogs.isEmpty() || !run.partialComments.isEmpty();
    }

    /** Cloud's bulk changelog fetch for the page's issues, then the comment pages of issues with long lists. */
    public void detailRequest(Exchange exchange) {
        Site site = site(exchange);
        ProjectRun run = run(exchange);
        if (run.changelogPending) {
            run.detail = "changelog";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("issueIdsOrKeys", run.issues.stream().map(i -> JiraRecords.text(i, "id")).toList());
            body.put("maxResults", BULK_CHANGELOG_PAGE);
            if (run.changelogToken != null) {
                body.put("nextPageToken", run.changelogToken);
            }
            request(exchange.getMessage(), "POST", site.api + "/changelog/bulkfetch", body);
        } else if (!run.issueChangelogs.isEmpty()) {
            run.detail = "issue-changelog";
            request(exchange.getMessage(), "GET", site.api + "/issue/" + run.issueChangelogs.peek() + "/changelog?startAt="
                    + run.issueChangelogStartAt + "&maxResults=" + ISSUE_CHANGELOG_PAGE, null);
        } else {
            run.detail = "comments";
            request(exchange.getMessage(), "GET", site.api + "/issue/" + run.partialComments.peek()
                    + "/comment?orderBy=created&maxResults=" + COMMENT_PAGE + "&startAt=" + run.commentStartAt, null);
        }
    }

    public void readDetail(Exchange exchange) {
        ProjectRun run = run(exchange);
        JsonNode answer = answer(exchange);
        if (run.detail.equals("changelog")) {
            for (JsonNode log : answer.path("issueChangeLogs")) {
                String id = JiraRecords.text(log, "issueId");
                List<IngestRows.Change> rows = run.changes.computeIfAbsent(id, k -> new ArrayList<>());
                log.path("changeHistories").forEach(h -> rows.addAll(JiraRecords.changes(id, h)));
            }
            String next = JiraRecords.text(answer, "nextPageToken");
            if (next != null && next.equals(run.changelogToken)) {
                throw new IllegalStateException("Jira repeated a changelog page token for " + run.key);
            }
            run.changelogToken = next;
            run.changelogPending = next != null;
        } else if (run.detail.equals("issue-changelog")) {
            String issueId = run.issueChangelogs.peek();
            List<IngestRows.Change> rows = run.changes.computeIfAbsent(issueId, k -> new ArrayList<>());
            JsonNode values = answer.path("values");
            values.forEach(h -> rows.addAll(JiraRecords.changes(issueId, h)));
            run.issueChangelogStartAt += values.size();
            if (answer.path("isLast").asBoolean(run.issueChangelogStartAt >= answer.path("total").asInt()) || values.isEmpty()) {
                run.issueChangelogs.poll();
                run.issueChangelogStartAt = 0;
            }
        } else {
            String issueId = run.partialComments.peek();
            List<IngestRows.Comment> comments = run.fetchedComments.computeIfAbsent(issueId, k -> new ArrayList<>());
            answer.path("comments").forEach(c -> comments.add(JiraRecords.comment(issueId, c)));
            int total = answer.path("total").asInt();
            run.commentStartAt += answer.path("comments").size();
            if (run.commentStartAt >= total || answer.path("comments").isEmpty()) {
                run.partialComments.poll();
                run.commentStartAt = 0;
            }
        }
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_DETAIL_MORE, detailsLeft(run));
    }

    private static Exception caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }

    /**
     * A detail request answered 404, 405 or 501. From the bulk changelog fetch that means the site has none: the page's
     * changelogs (and, for the rest of the run, those of every page) are read per issue, all pages. A 404 for one
     * issue's changelog or comments means it was deleted since the search: it keeps what the search gave (the sweep
     * marks it deleted). Anything else is the project's failure.
     */
    public void detailNotThere(Exchange exchange) {
        Site site = site(exchange);
        ProjectRun run = run(exchange);
        Exception caught = caught(exchange);
        int status = caught instanceof JiraRestException jira ? jira.getHttpResponseCode() : 0;
        boolean bulk = run.detail.equals("changelog");
        if (bulk ? !NO_BULK_CHANGELOG.contains(status) : status != 404) {
            throw caught instanceof RuntimeException e ? e : new IllegalStateException(caught);
        }
        if (bulk) {
            if (!site.bulkChangelogMissing) {
                site.bulkChangelogMissing = true;
                LOG.warn("ingest {}: the site has no bulk changelog fetch (POST {}/changelog/bulkfetch answered {}); "
                        + "changelogs are read per issue for the rest of this run", integrationId(exchange), site.api, status);
            }
            run.changelogPending = false;
            run.changes.clear();
            run.issues.forEach(i -> run.issueChangelogs.add(JiraRecords.text(i, "id")));
            run.issueChangelogStartAt = 0;
        } else {
            String issueId = run.detail.equals("issue-changelog") ? run.issueChangelogs.poll() : run.partialComments.poll();
            LOG.info("ingest {}/{}: issue {} was deleted while its {} were read; stored as the search gave it",
                    integrationId(exchange), run.key, issueId, run.detail.equals("comments") ? "comments" : "changelog");
            run.issueChangelogStartAt = 0;
            run.commentStartAt = 0;
        }
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_DETAIL_MORE, detailsLeft(run));
    }

    /**
     * Hands the page to the project's writer, which stores it with the cursor in one transaction while the next page
     * is read. Stops when ingestion was switched off or paused (an earlier write said so), and passes on a failed write.
     */
    public void storePage(Exchange exchange) {
        String id = integrationId(exchange);
        Site site = site(exchange);
        ProjectRun run = run(exchange);
        // rows made here: the page's JSON dies young, and only compact rows wait for the writer (less for the GC to
        // copy, and the writer, the slower side, does only the SQL)
        boolean repairing = run.repairing;
        IngestRows.Page rows = rows(site, run.issues, run.changes, run.fetchedComments, run.usersHandedOver, repairing);
        if (!run.writer.submit(() -> rows)) {
            run.stopped = true;
            exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, false);
            return;
        }
        // the page is in hand: paging moves on
        if (repairing) {
            run.repairBatch = List.of();
        } else if (run.cloud) {
            if (run.nextToken != null) {
                run.tokens.add(run.nextToken);
            }
            run.token = run.nextToken;
        } else {
            run.startAt = run.nextStartAt;
        }
        boolean budgetSpent = run.pages >= maxPages;
        if (budgetSpent && !run.lastPage) {
            LOG.info("ingest {}/{}: {} pages read this run; the rest follows next run from the cursor", id, run.key, run.pages);
            run.stopped = true;
        }
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, !run.lastPage && !budgetSpent);
    }

    /** A page's rows; repair pages (issues the sweep found missing) leave the cursor where it is. */
    private static IngestRows.Page rows(Site site, List<JsonNode> page, Map<String, List<IngestRows.Change>> changelogs,
                                        Map<String, List<IngestRows.Comment>> fetched,
                                        Map<String, IngestRows.User> usersHandedOver, boolean repairing) {
        List<IngestRows.Issue> issues = new ArrayList<>();
        List<IngestRows.Comment> comments = new ArrayList<>();
        List<IngestRows.Change> changes = new ArrayList<>();
        List<IngestRows.User> users = new ArrayList<>();
        Instant cursor = null;
        for (JsonNode issue : page) {
            IngestRows.Issue row = JiraRecords.issue(issue, site.sprintField);
            issues.add(row);
            List<IngestRows.Comment> all = fetched.get(row.id());
            if (all != null) {
                comments.addAll(all);
            } else {
                issue.path("fields").path("comment").path("comments").forEach(c -> comments.add(JiraRecords.comment(row.id(), c)));
            }
            changes.addAll(changelogs.getOrDefault(row.id(), List.of()));
            for (IngestRows.User user : JiraRecords.people(issue)) {
                if (!user.equals(usersHandedOver.put(user.id(), user))) {
                    users.add(user);
                }
            }
            if (row.updated() != null && (cursor == null || row.updated().isAfter(cursor))) {
                cursor = row.updated();
            }
        }
        return new IngestRows.Page(issues, comments, changes, users, repairing ? null : cursor);
    }

    /** After the last page: its write is done (and a stop it reports is seen) before the sweep. */
    public void pagesWritten(Exchange exchange) {
        ProjectRun run = run(exchange);
        if (!run.writer.finish()) {
            run.stopped = true;
        }
    }

    // ---- deletes: the id-only sweep

    /** The sweep runs when the import caught up and the last one is {@code sweepInterval} old. */
    public void sweepStart(Exchange exchange) {
        pagesWritten(exchange);
        ProjectRun run = run(exchange);
        ProjectRow row = store.project(integrationId(exchange), run.key).orElseThrow();
        // a negative interval switches the sweep off (tests that must see the cursor alone at work)
        boolean due = !run.stopped && !sweepInterval.isNegative() && (row.sweptAt() == null
                || Duration.between(row.sweptAt(), clock.instant()).compareTo(sweepInterval) >= 0);
        run.sweeping = due;
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, due);
    }

    public void sweepRequest(Exchange exchange) {
        Site site = site(exchange);
        ProjectRun run = run(exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jql", "project = \"" + run.key + "\" ORDER BY key ASC");
        if (site.cloud) {
            // no fields: Cloud answers ids only, 5,000 a page
            body.put("maxResults", CLOUD_ID_PAGE);
            if (run.sweepToken != null) {
                body.put("nextPageToken", run.sweepToken);
            }
            request(exchange.getMessage(), "POST", site.api + "/search/jql", body);
        } else {
            body.put("maxResults", SERVER_ID_PAGE);
            body.put("startAt", run.sweepStartAt);
            body.put("fields", List.of("id"));
            request(exchange.getMessage(), "POST", site.api + "/search", body);
        }
    }

    public void sweepPage(Exchange exchange) {
        ProjectRun run = run(exchange);
        JsonNode answer = answer(exchange);
        answer.path("issues").forEach(i -> run.jiraIds.add(JiraRecords.text(i, "id")));
        boolean more;
        if (run.cloud) {
            String next = JiraRecords.text(answer, "nextPageToken");
            more = next != null && !answer.path("isLast").asBoolean(false);
            if (more && next.equals(run.sweepToken)) {
                throw new IllegalStateException("Jira repeated a page token while sweeping " + run.key);
            }
            run.sweepToken = next;
        } else {
            run.sweepStartAt += answer.path("issues").size();
            more = !answer.path("issues").isEmpty() && run.sweepStartAt < answer.path("total").asInt();
        }
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, more);
    }

    /**
     * Issues stored but gone from Jira are marked deleted, unless most of the project vanished at once (then the
     * project is flagged and nothing is marked); issues in Jira but not stored are read next (repair pages).
     */
    public void sweepFinish(Exchange exchange) {
        String id = integrationId(exchange);
        ProjectRun run = run(exchange);
        if (!run.sweeping) {
            exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, false);
            return;
        }
        Set<String> stored = store.liveIssueIds(id, run.key);
        Set<String> vanished = new HashSet<>(stored);
        vanished.removeAll(run.jiraIds);
        Set<String> missing = new HashSet<>(run.jiraIds);
        missing.removeAll(stored);
        if (stored.size() >= FLAG_MINIMUM && vanished.size() * 2 > stored.size()) {
            run.flagged = true;
            String reason = vanished.size() + " of " + stored.size() + " imported issues vanished from Jira at once; "
                    + "none was marked deleted (check the project's permissions in Jira)";
            store.projectFlagged(id, run.key, reason);
            LOG.warn("ingest {}/{}: {}", id, run.key, reason);
        } else if (!vanished.isEmpty()) {
            int marked = store.markDeleted(id, vanished, clock.instant());
            LOG.info("ingest {}/{}: {} issues deleted in Jira marked deleted", id, run.key, marked);
        }
        run.swept = true;
        // the sweep saw every id: the exact count of the project's issues in Jira
        run.total = run.jiraIds.size();
        store.projectTotal(id, run.key, run.total);
        store.projectSwept(id, run.key, clock.instant());
        missing.stream().sorted().forEach(run.repairIds::add);
        if (!missing.isEmpty()) {
            LOG.info("ingest {}/{}: {} issues in Jira not imported yet; reading them", id, run.key, missing.size());
        }
        run.repairing = !missing.isEmpty();
        exchange.getMessage().setHeader(BridgeHeaders.INGEST_MORE, run.repairing);
    }

    public void projectDone(Exchange exchange) {
        String id = integrationId(exchange);
        pagesWritten(exchange);
        ProjectRun run = run(exchange);
        progress.end(id, run.key);
        ProjectRow row = store.project(id, run.key).orElse(null);
        if (row == null || run.stopped) {
            return;
        }
        if (!run.swept && run.newIssues.get() > 0
                && !Boolean.TRUE.equals(exchange.getMessage().getHeader(BridgeHeaders.INGEST_PROJECT_REFERENCE, Boolean.class))) {
            // not counted this run (nor swept): the issues new to the store were created since the last count
            store.projectTotal(id, run.key, run.total + run.newIssues.get());
        }
        boolean stillFlagged = run.flagged || ("flagged".equals(row.state()) && !run.swept);
        if (!stillFlagged) {
            store.projectState(id, run.key, "up_to_date");
        } else if (!run.flagged) {
            store.projectState(id, run.key, "flagged");
        }
    }

    /** One project failed (400/403 with Jira's message, retries spent): recorded on it; the others go on. */
    public void projectFailed(Exchange exchange) {
        String id = integrationId(exchange);
        String key = exchange.getMessage().getHeader(BridgeHeaders.INGEST_PROJECT, String.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = describe(e);
        LOG.warn("ingest {}/{}: {}", id, key, reason);
        ProjectRun run = run(exchange);
        if (run != null) {
            // the pages being written finish (or fail) before the project's failure is recorded
            run.writer.settle();
        }
        if (key != null) {
            progress.end(id, key);
            store.projectError(id, key, reason, clock.instant());
        }
    }

    /** Jira's own words where it gave some: status and errorMessages. */
    static String describe(Throwable e) {
        if (e instanceof JiraRestException jira) {
            List<String> messages = new ArrayList<>(jira.errorMessages());
            messages.addAll(jira.errors().values());
            return "Jira answered " + jira.getHttpResponseCode() + (messages.isEmpty() ? ": " + jira.getMessage()
                    : ": " + String.join(" ", messages));
        }
        return e == null ? "unknown failure" : e.getMessage();
    }
}

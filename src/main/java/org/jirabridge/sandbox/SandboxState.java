package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the fake Jira remembers: users, projects, issues and revoked credentials. Not thread-safe
 * by itself: the sandbox handles one request at a time against it while holding its monitor.
 */
final class SandboxState {

    static final String DEFAULT_SERVER_VERSION = "9.12.2";
    static final String DEMO_PROJECT_ID = "10000";
    static final String REQ_PROJECT_ID = "10001";

    private final Flavour flavour;
    private final Clock clock;
    private final Map<String, SandboxUser> users = new LinkedHashMap<>();
    private final Map<String, SandboxProject> projects = new LinkedHashMap<>();
    private final Map<Long, SandboxIssue> issues = new LinkedHashMap<>();
    // key look-ups stay cheap in projects of 50,000 issues (bulk seed)
    private final Map<String, SandboxIssue> issuesByKey = new java.util.HashMap<>();
    /** Boards and sprints (agile API). */
    final SandboxAgile agile = new SandboxAgile();
    /** Per-user time zones and hidden emails, and per-project permissions taken away. */
    final SandboxAccess access = new SandboxAccess();
    // SHA-256 of each revoked credential: a data dir keeps revocations without writing the credentials themselves
    private final Set<String> revokedCredentials = new HashSet<>();
    /** Jira Server's default attachment size limit (jira.attachment.size), used for both flavours. */
    static final long DEFAULT_ATTACHMENT_MAX_BYTES = 10_485_760;

    // accounts that are not people (service accounts, Connect app users): they sign in, but no user listing shows them
    private final Map<String, SandboxUser> appUsers = new LinkedHashMap<>();
    private final WebhookRegistry webhooks;
    private String serverVersion = DEFAULT_SERVER_VERSION;
    private long attachmentMaxBytes = DEFAULT_ATTACHMENT_MAX_BYTES;
    private long nextIssueId;
    private long nextCommentId;
    private long nextAttachmentId;
    private long nextProjectId;
    private long nextHistoryId;

    SandboxState(Flavour flavour, Clock clock) {
        this.flavour = flavour;
        this.clock = clock;
        this.webhooks = new WebhookRegistry(clock);
        reset();
    }

    /** Back to the seeded state: demo users, projects DEMO and REQ, no issues, nothing revoked, default version. */
    void reset() {
        if (monotonic) {
            rememberFloors();
        }
        users.clear();
        projects.clear();
        issues.clear();
        issuesByKey.clear();
        agile.clear();
        access.clear();
        revokedCredentials.clear();
        appUsers.clear();
        webhooks.clear();
        serverVersion = DEFAULT_SERVER_VERSION;
        attachmentMaxBytes = DEFAULT_ATTACHMENT_MAX_BYTES;
        nextIssueId = 10001;
        nextCommentId = 10000;
        nextAttachmentId = 10000;
        nextProjectId = 10002;
        nextHistoryId = 10000;
        if (flavour == Flavour.CLOUD) {
            addUser(new SandboxUser("557058:f58131cb-b67d-43c7-b30d-6b58d40bd077", null, null, "Demo User",
                    "demo@example.com", true, "demo", List.of("demo-token"), List.of()));
            addUser(new SandboxUser("557058:2a3e4c5d-0000-4000-8000-000000000002", null, null, "Alex Triager",
                    "alex@example.com", true, "alex", List.of(), List.of()));
        } else {
            addUser(new SandboxUser(null, "admin", "JIRAUSER10000", "Administrator", "admin@example.com", true,
                    "admin", List.of(), List.of("demo-pat")));
            addUser(new SandboxUser(null, "alex", "JIRAUSER10100", "Alex Triager", "alex@example.com", true,
                    "alex", List.of(), List.of()));
        }
        projects.put("DEMO", new SandboxProject(DEMO_PROJECT_ID, "DEMO", "Demo", demoUser().id(flavour),
                Catalog.ScreenScheme.STANDARD, Catalog.DEFAULT_PRIORITY_SCHEME, Catalog.DEFAULT_PRIORITY,
                Catalog.DEMO_VERSIONS, Catalog.DEMO_COMPONENTS));
        // a second project whose screens require Severity and whose priorities are a custom scheme (P1-P4)
        projects.put("REQ", new SandboxProject(REQ_PROJECT_ID, "REQ", "Requests", demoUser().id(flavour),
                Catalog.ScreenScheme.REQUIREMENTS, Catalog.REQ_PRIORITY_SCHEME, Catalog.REQ_DEFAULT_PRIORITY,
                java.util.List.of(), java.util.List.of()));
        // a business project and a Service Management project next to the software ones, as analytics sites have
        addProject("BIZ", "Business Ops", demoUser().id(flavour), "business");
        addProject("HELP", "Help Desk", demoUser().id(flavour), "service_desk");
        agile.seedDefaults(projects.get("DEMO"), clock.instant());
        if (monotonic) {
            applyFloors();
        }
    }

    Flavour flavour() {
        return flavour;
    }

    /** Admin and dynamic webhooks and the fan-out of REST changes to them. */
    WebhookRegistry webhooks() {
        return webhooks;
    }

    Instant now() {
        return clock.instant();
    }

    String serverVersion() {
        return serverVersion;
    }

    void serverVersion(String version) {
        if (!version.matches("\\d+(\\.\\d+){0,2}")) {
            throw new IllegalArgumentException("serverVersion must look like 8.20.10, not '" + version + "'");
        }
        this.serverVersion = version;
    }

    /** The largest file an attachment upload takes; larger ones get 413. */
    long attachmentMaxBytes() {
        return attachmentMaxBytes;
    }

    void attachmentMaxBytes(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1");
        }
        this.attachmentMaxBytes = maxBytes;
    }

    int serverMajorVersion() {
        return Integer.parseInt(serverVersion.split("\\.")[0]);
    }

    // ---- users and credentials

    void addUser(SandboxUser user) {
        users.put(user.id(flavour), user);
    }

    SandboxUser demoUser() {
        return users.values().iterator().next();
    }

    Collection<SandboxUser> users() {
        return users.values();
    }

    Optional<SandboxUser> user(String id) {
        return Optional.ofNullable(id == null ? null : users.getOrDefault(id, appUsers.get(id)));
    }

    /** An account that is not a person (service account, Connect app user); found by id, listed nowhere. */
    SandboxUser appUser(SandboxUser user) {
        return appUsers.computeIfAbsent(user.id(flavour), id -> user);
    }

    /** Cloud signs in by email address, Server by username. */
    Optional<SandboxUser> userByLogin(String login) {
        return users.values().stream()
                .filter(u -> flavour == Flavour.CLOUD ? login.equalsIgnoreCase(u.emailAddress()) : login.equals(u.name()))
                .findFirst();
    }

    Optional<SandboxUser> userByPersonalAccessToken(String token) {
        return users.values().stream().filter(u -> u.personalAccessTokens().contains(token)).findFirst();
    }

    void revoke(String credential) {
        revokedCredentials.add(fingerprint(credential));
    }

    boolean isRevoked(String credential) {
        // every authenticated request asks: hash only when something was revoked at all
        return !revokedCredentials.isEmpty() && credential != null && revokedCredentials.contains(fingerprint(credential));
    }

    /** The revoked credentials as SHA-256 hex digests (what a data dir keeps). */
    Set<String> revokedFingerprints() {
        return Set.copyOf(revokedCredentials);
    }

    void restoreRevokedFingerprints(Collection<String> fingerprints) {
        revokedCredentials.clear();
        revokedCredentials.addAll(fingerprints);
    }

    private static String fingerprint(String credential) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    // ---- projects

    Collection<SandboxProject> projects() {
        return projects.values();
    }

    /** By key (any case) or by id, as Jira's {projectIdOrKey}. */
    Optional<SandboxProject> project(String idOrKey) {
        if (idOrKey == null) {
            return Optional.empty();
        }
        SandboxProject byKey = projects.get(idOrKey.toUpperCase(Locale.ROOT));
        if (byKey != null) {
            return Optional.of(byKey);
        }
        return projects.values().stream().filter(p -> p.id().equals(idOrKey)).findFirst();
    }

    SandboxProject addProject(String key, String name, String leadId) {
        if (!key.matches("[A-Z][A-Z0-9_]{1,9}")) {
            throw new IllegalArgumentException("project key must be 2-10 upper-case letters or digits, starting with a letter: '" + key + "'");
        }
        if (projects.containsKey(key)) {
            throw new IllegalArgumentException("project " + key + " exists already");
        }
        SandboxProject project = new SandboxProject(String.valueOf(nextProjectId++), key, name, leadId);
        projects.put(key, project);
        if (monotonic) {
            project.issueCounter(Math.max(project.issueCounter(), issueNumberFloors.getOrDefault(key, 0)));
        }
        return project;
    }

    // ---- issues

    Collection<SandboxIssue> issues() {
        return issues.values();
    }

    /** By numeric id or by key (any case), as Jira's {issueIdOrKey}. */
    Optional<SandboxIssue> issue(String idOrKey) {
        if (idOrKey == null) {
            return Optional.empty();
        }
        if (idOrKey.chars().allMatch(Character::isDigit) && !idOrKey.isEmpty()) {
            try {
                return touch(Optional.ofNullable(issues.get(Long.parseLong(idOrKey))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return touch(Optional.ofNullable(issuesByKey.get(idOrKey.toUpperCase(Locale.ROOT))));
    }

    /** Allocates the next id (10001, 10002 …) and the project's next key. */
    SandboxIssue newIssue(SandboxProject project, String creatorId, Instant created) {
        long id = nextIssueId++;
        SandboxIssue issue = new SandboxIssue(id, project.key() + "-" + project.nextIssueNumber(), project, creatorId, created);
        issues.put(id, issue);
        issuesByKey.put(issue.key, issue);
        touch(Optional.of(issue));
        return issue;
    }

    void deleteIssue(SandboxIssue issue) {
        touch(Optional.of(issue));
        issues.remove(issue.id);
        issuesByKey.remove(issue.key);
    }

    long nextHistoryId() {
        return nextHistoryId++;
    }

    /** Adds a seeded project of another type (business, service_desk) next to the software ones. */
    SandboxProject addProject(String key, String name, String leadId, String typeKey) {
        SandboxProject project = addProject(key, name, leadId);
        project.typeKey(typeKey);
        return project;
    }

    long nextCommentId() {
        return nextCommentId++;
    }

    long nextAttachmentId() {
        return nextAttachmentId++;
    }

    List<SandboxIssue> issuesOf(SandboxProject project) {
        List<SandboxIssue> result = new ArrayList<>();
        issues.values().stream().filter(i -> i.project == project).forEach(result::add);
        return result;
    }

    // ---- what a data dir needs (SandboxStore)

    /** The id counters, as a data dir keeps them (also those of the agile boards and the webhook registry). */
    record Counters(long nextIssueId, long nextCommentId, long nextAttachmentId, long nextProjectId, long nextHistoryId,
                    long nextBoardId, long nextSprintId, long nextWebhookId, long nextAppWebhookId,
                    long nextWebhookChangelogId) {

        static final Counters NONE = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** Each counter at the larger of the two. */
        Counters max(Counters other) {
            return new Counters(Math.max(nextIssueId, other.nextIssueId), Math.max(nextCommentId, other.nextCommentId),
                    Math.max(nextAttachmentId, other.nextAttachmentId), Math.max(nextProjectId, other.nextProjectId),
                    Math.max(nextHistoryId, other.nextHistoryId), Math.max(nextBoardId, other.nextBoardId),
                    Math.max(nextSprintId, other.nextSprintId), Math.max(nextWebhookId, other.nextWebhookId),
                    Math.max(nextAppWebhookId, other.nextAppWebhookId),
                    Math.max(nextWebhookChangelogId, other.nextWebhookChangelogId));
        }
    }

    /** With a data dir, ids and issue numbers never go back, not even across resets: no second DEMO-1. */
    private boolean monotonic;
    private Counters floors = Counters.NONE;
    private final Map<String, Integer> issueNumberFloors = new java.util.HashMap<>();
    /** Issues looked up, created or deleted while a change is tracked; null when nothing is tracked. */
    private Set<SandboxIssue> touched;

    void monotonic(boolean monotonic) {
        this.monotonic = monotonic;
    }

    Counters counters() {
        WebhookRegistry.NextIds webhookIds = webhooks.nextIds();
        return new Counters(nextIssueId, nextCommentId, nextAttachmentId, nextProjectId, nextHistoryId,
                agile.nextBoardId(), agile.nextSprintId(), webhookIds.webhook(), webhookIds.appWebhook(),
                webhookIds.changelog());
    }

    /** Continues after restored counters (never below the current ones). */
    void counters(Counters counters) {
        nextIssueId = Math.max(nextIssueId, counters.nextIssueId());
        nextCommentId = Math.max(nextCommentId, counters.nextCommentId());
        nextAttachmentId = Math.max(nextAttachmentId, counters.nextAttachmentId());
        nextProjectId = Math.max(nextProjectId, counters.nextProjectId());
        nextHistoryId = Math.max(nextHistoryId, counters.nextHistoryId());
        agile.continueFrom(counters.nextBoardId(), counters.nextSprintId());
        webhooks.continueIds(counters.nextWebhookId(), counters.nextAppWebhookId(), counters.nextWebhookChangelogId());
    }

    /** The last issue number per project key, also of projects a reset removed. */
    Map<String, Integer> issueNumberFloors() {
        rememberFloors();
        return Map.copyOf(issueNumberFloors);
    }

    void issueNumberFloors(Map<String, Integer> restored) {
        restored.forEach((key, number) -> issueNumberFloors.merge(key, number, Math::max));
        applyFloors();
    }

    private void rememberFloors() {
        floors = floors.max(counters());
        projects.values().forEach(p -> issueNumberFloors.merge(p.key(), p.issueCounter(), Math::max));
    }

    private void applyFloors() {
        counters(floors);
        projects.values().forEach(p -> p.issueCounter(Math.max(p.issueCounter(), issueNumberFloors.getOrDefault(p.key(), 0))));
    }

    /** An issue read back from a data dir, with its id and key. */
    void restoreIssue(SandboxIssue issue) {
        issues.put(issue.id, issue);
        issuesByKey.put(issue.key, issue);
        nextIssueId = Math.max(nextIssueId, issue.id + 1);
        // a data dir written before history ids were counted there still never hands out one of its ids twice
        issue.histories.forEach(h -> nextHistoryId = Math.max(nextHistoryId, h.id() + 1));
    }

    void forgetIssue(long id) {
        SandboxIssue gone = issues.remove(id);
        if (gone != null) {
            issuesByKey.remove(gone.key);
        }
        nextIssueId = Math.max(nextIssueId, id + 1);
    }

    /** A project read back from a data dir that the seed does not create; numbering continues after its issues. */
    SandboxProject restoreProject(String id, String key, String name, String leadId) {
        SandboxProject project = new SandboxProject(id, key, name, leadId);
        projects.put(key, project);
        nextProjectId = Math.max(nextProjectId, Long.parseLong(id) + 1);
        return project;
    }

    /** Starts recording which issues a request looks up, creates or deletes. */
    void trackTouches() {
        touched = new java.util.LinkedHashSet<>();
    }

    /** The issues touched since {@link #trackTouches()}; stops recording. */
    Set<SandboxIssue> takeTouched() {
        Set<SandboxIssue> result = touched == null ? Set.of() : touched;
        touched = null;
        return result;
    }

    /** Whether the issue is (still) stored: false once deleted or reset away. */
    boolean holds(SandboxIssue issue) {
        return issues.get(issue.id) == issue;
    }

    private Optional<SandboxIssue> touch(Optional<SandboxIssue> issue) {
        if (touched != null) {
            issue.ifPresent(touched::add);
        }
        return issue;
    }
}

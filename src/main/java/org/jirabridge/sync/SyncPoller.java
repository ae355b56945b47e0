package org.jirabridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.Database;
import org.jirabridge.store.SyncRepository.FieldState;
import org.jirabridge.store.SyncRepository;
import org.jirabridge.sync.SyncChange.IssueRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the sync-poll route: JQL for issues of the integration's project updated since the durable cursor
 * (less an overlap, as JQL counts in minutes), the apply rules on each issue found, comments read only for issues
 * that changed since their comments were last read, and the cursor advanced only once all that was applied.
 * Bound as bean {@code syncPoller}.
 */
public final class SyncPoller {

    private static final Logger LOG = LoggerFactory.getLogger(SyncPoller.class);
    /** The pseudo-field whose guard time says up to when an issue's comments were read. */
    static final String COMMENTS_READ = "comments";
    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** One issue whose comments the poll reads. */
    public record CommentRead(String id, String key, Instant updated) {
    }

    private final Database database;
    private final Integrations integrations;
    private final SyncRepository store;
    private final SyncApplier applier;
    private final Duration overlap;
    private final Map<String, ZoneId> timeZones = new ConcurrentHashMap<>();

    public SyncPoller(Database database, Integrations integrations, SyncRepository store, SyncApplier applier,
                      Duration overlap) {
        this.database = database;
        this.integrations = integrations;
        this.store = store;
        this.applier = applier;
        this.overlap = overlap;
    }

    /**
     * Header JiraBridgeIntegrationId in; decides whether to poll (a pollCron, or a {@link #BridgeHeaders.SYNC_CATCH_UP} poll) and whether
     * the time zone must be read first.
     */
    public void start(Exchange exchange) {
        Message message = exchange.getMessage();
        String id = message.getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Optional<Integration> integration = integrations.find(id);
        boolean catchUp = Boolean.TRUE.equals(message.getHeader(BridgeHeaders.SYNC_CATCH_UP, Boolean.class));
        boolean off = integration.isEmpty() || SyncSettings.of(integration.get()).pollCron() == null && !catchUp;
        message.setHeader(BridgeHeaders.SYNC_SKIP, off);
        message.setHeader(BridgeHeaders.SYNC_NEEDS_TIME_ZONE, !off && !timeZones.containsKey(id));
    }

    /** After jirarest:myself: JQL dates are read in the calling user's time zone. */
    @SuppressWarnings("unchecked")
    public void rememberTimeZone(Exchange exchange) {
        String id = exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Map<String, Object> myself = exchange.getMessage().getBody(Map.class);
        ZoneId zone = ZoneOffset.UTC;
        if (myself != null && myself.get("timeZone") instanceof String name) {
            try {
                zone = ZoneId.of(name);
            } catch (RuntimeException e) {
                LOG.warn("integration {}: Jira user time zone '{}' is unknown here; JQL times are sent in UTC", id,
                        name);
            }
        }
        timeZones.put(id, zone);
    }

    /** Sets the JQL of this poll. */
    public void query(Exchange exchange) {
        Message message = exchange.getMessage();
        String id = message.getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Integration integration = integrations.find(id).orElseThrow();
        Instant cursor = store.cursor(id).map(OffsetDateTime::toInstant)
                .or(() -> store.oldestLinkedReport(id).map(OffsetDateTime::toInstant))
                .orElseGet(Instant::now);
        exchange.setProperty(BridgeHeaders.NEXT_CURSOR, cursor);
        String from = JQL_TIME.format(cursor.minus(overlap).truncatedTo(ChronoUnit.MINUTES)
                .atZone(timeZones.getOrDefault(id, ZoneOffset.UTC)));
        String project = integration.target().projectKey().replace("\"", "");
        message.setHeader(JiraRestConstants.JQL, "project = \"" + project + "\" AND updated >= \"" + from
                + "\" ORDER BY updated ASC");
    }

    /** Body in: the issues found. Applies their fields and lists those whose comments must be read. */
    @SuppressWarnings("unchecked")
    public void applyIssues(Exchange exchange) {
        String id = exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Integration integration = integrations.find(id).orElseThrow();
        SyncSettings settings = SyncSettings.of(integration);
        List<Map<String, Object>> issues = exchange.getMessage().getBody(List.class);
        Instant next = exchange.getProperty(BridgeHeaders.NEXT_CURSOR, Instant.class);
        List<CommentRead> commentReads = new ArrayList<>();
        int changed = 0;
        for (Map<String, Object> issue : issues == null ? List.<Map<String, Object>>of() : issues) {
            Instant updated = JiraEvents.updatedOf(issue);
            SyncApplier.Outcome outcome = applier.apply(integration, JiraEvents.fromIssue(issue));
            changed += outcome.changed();
            if (outcome.changed() > 0) {
                LOG.info("poll {}: {}", id, outcome.summary());
            }
            if (outcome.matched() && settings.comments() && commentsStale(integration, issue, updated)) {
                commentReads.add(new CommentRead(String.valueOf(issue.get("id")), (String) issue.get("key"),
                        updated));
            }
            if (updated != null && updated.isAfter(next)) {
                next = updated;
            }
        }
        exchange.setProperty(BridgeHeaders.NEXT_CURSOR, next);
        exchange.setProperty(BridgeHeaders.COMMENT_ISSUES, commentReads);
        LOG.debug("poll {}: {} issues, {} changes, {} comment reads", id, issues == null ? 0 : issues.size(),
                changed, commentReads.size());
    }

    /** Body in: one {@link CommentRead}; sets the issue key for jirarest:fetchComments. */
    public void commentRequest(Exchange exchange) {
        CommentRead read = exchange.getMessage().getBody(CommentRead.class);
        exchange.setProperty("JiraBridgeCommentRead", read);
        exchange.getMessage().setHeader(JiraRestConstants.ISSUE_KEY, read.key() != null ? read.key() : read.id());
    }

    /** Body in: the issue's comments. Applies the whole list, deletions included. */
    @SuppressWarnings("unchecked")
    public void applyComments(Exchange exchange) {
        String id = exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Integration integration = integrations.find(id).orElseThrow();
        CommentRead read = exchange.getProperty("JiraBridgeCommentRead", CommentRead.class);
        IssueRef ref = new IssueRef(read.id(), read.key());
        List<Map<String, Object>> comments = exchange.getMessage().getBody(List.class);
        List<SyncChange> seen = new ArrayList<>();
        for (Map<String, Object> comment : comments == null ? List.<Map<String, Object>>of() : comments) {
            JiraEvents.fromComment(ref, comment).ifPresent(seen::add);
        }
        SyncApplier.Outcome outcome = applier.applyCommentList(integration, ref, seen, read.updated());
        if (outcome.changed() > 0) {
            LOG.info("poll {}: {}", id, outcome.summary());
        }
        if (read.updated() != null) {
            database.inTransaction(c -> {
                for (SyncRepository.LinkedReport report : store.lockLinked(c, id, integration.connection().siteUrl(), read.id(),
                        read.key())) {
                    store.saveFieldState(c, report.id(), COMMENTS_READ,
                            new FieldState(read.updated().atOffset(ZoneOffset.UTC), null));
                }
                return null;
            });
        }
    }

    /** Last step: everything found was applied, so the cursor moves on. */
    public void advance(Exchange exchange) {
        String id = exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Instant next = exchange.getProperty(BridgeHeaders.NEXT_CURSOR, Instant.class);
        if (next != null) {
            store.advanceCursor(id, next);
        }
    }

    /** True unless this issue's comments were already read at (or after) its current updated time. */
    private boolean commentsStale(Integration integration, Map<String, Object> issue, Instant updated) {
        if (updated == null) {
            return true;
        }
        return database.inTransaction(c -> {
            for (SyncRepository.LinkedReport report : store.lockLinked(c, integration.id(),
                    integration.connection().siteUrl(), String.valueOf(issue.get("id")), (String) issue.get("key"))) {
                OffsetDateTime read = store.fieldState(c, report.id(), COMMENTS_READ)
                        .map(FieldState::appliedAt).orElse(null);
                if (read == null || read.toInstant().isBefore(updated)) {
                    return true;
                }
            }
            return false;
        });
    }
}

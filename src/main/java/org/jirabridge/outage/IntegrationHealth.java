package org.jirabridge.outage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.jirabridge.component.jira.JiraConnection;
import org.jirabridge.component.jira.JiraRestComponent;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Database;

/**
 * Health per integration, shown at {@code /observe/health?data=true}: whether it is connected or awaiting
 * credentials, whether Jira is rate limiting it, and how many dead letters wait. Integration problems are details,
 * not DOWN: a service restart cannot fix a revoked token. The check is DOWN only when the database cannot answer.
 */
public final class IntegrationHealth extends AbstractHealthCheck {

    private final Integrations integrations;
    private final Database database;

    public IntegrationHealth(Integrations integrations, Database database) {
        super("jira-bridge", "integrations");
        this.integrations = integrations;
        this.database = database;
    }

    /** Listed as early as Camel allows (right after its context check): the integrations are what people look for. */
    @Override
    public int getOrder() {
        return HIGHEST;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, Integer> awaiting;
        Map<String, Integer> deadLetters;
        try {
            awaiting = countsByIntegration("SELECT integration_id, COUNT(*) FROM report"
                    + " WHERE status = 'AWAITING_CREDENTIALS' GROUP BY integration_id");
            deadLetters = countsByIntegration("SELECT r.integration_id, COUNT(*) FROM dead_letter d"
                    + " JOIN report r ON r.id = d.report_id WHERE d.replayed_at IS NULL GROUP BY r.integration_id");
        } catch (RuntimeException e) {
            builder.down().message("database unavailable").error(e);
            return;
        }
        JiraRestComponent component = getCamelContext().getComponent("jirarest", JiraRestComponent.class);
        for (Integration integration : integrations.list()) {
            String id = integration.id();
            int waiting = awaiting.getOrDefault(id, 0);
            builder.detail(id + ".state", waiting > 0 ? "AWAITING_CREDENTIALS" : "CONNECTED");
            builder.detail(id + ".awaitingCredentials", waiting);
            builder.detail(id + ".deadLetters", deadLetters.getOrDefault(id, 0));
            builder.detail(id + ".rateLimited", rateLimited(component, id));
        }
        builder.up();
    }

    private boolean rateLimited(JiraRestComponent component, String integrationId) {
        try {
            JiraConnection connection = integrations.resolve(integrationId);
            return component.isRateLimited(connection.auth().apiBaseUrl(connection.siteUrl()));
        } catch (RuntimeException unresolvable) {
            // an integration whose credentials cannot be built is reported by its state, not here
            return false;
        }
    }

    private Map<String, Integer> countsByIntegration(String sql) {
        return database.inTransaction(c -> {
            Map<String, Integer> counts = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
            return counts;
        });
    }
}

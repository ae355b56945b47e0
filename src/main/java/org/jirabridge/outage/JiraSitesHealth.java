package org.jirabridge.outage;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of each Jira site at {@code /observe/health?data=true} (check {@code jira-bridge-jira-sites}):
 * {@code <site>.state} UP, DOWN or PROBING, {@code <site>.since} (when that phase began), {@code <site>.waiting}
 * (tasks waiting for it) and {@code <site>.integrations}. A site that is down is a detail, not DOWN: restarting the
 * service cannot bring Jira back, and the service resumes by itself.
 */
public final class JiraSitesHealth extends AbstractHealthCheck {

    private final JiraSites sites;

    public JiraSitesHealth(JiraSites sites) {
        super("jira-bridge", "jira-sites");
        this.sites = sites;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        for (JiraSites.SiteView site : sites.view()) {
            builder.detail(site.site() + ".state", site.state().name());
            builder.detail(site.site() + ".since", site.since().toString());
            builder.detail(site.site() + ".waiting", site.waiting());
            builder.detail(site.site() + ".integrations", String.join(",", site.integrations()));
        }
        builder.up();
    }
}

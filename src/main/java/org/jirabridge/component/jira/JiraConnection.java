package org.jirabridge.component.jira;

import org.jirabridge.auth.AuthStrategy;

/**
 * Everything needed to talk to one Jira site.
 *
 * @param siteUrl    the site, e.g. https://acme.atlassian.net (no trailing slash)
 * @param deployment CLOUD or SERVER; null means "ask serverInfo"
 * @param auth       how requests are authenticated
 */
public record JiraConnection(String siteUrl, Deployment deployment, AuthStrategy auth) {
}

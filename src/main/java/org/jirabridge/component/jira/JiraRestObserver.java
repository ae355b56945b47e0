package org.jirabridge.component.jira;

/**
 * Told about Jira answers that operators watch, so that an application can count them in whatever metrics system it
 * uses while the component depends on none. The component uses the one set on it, else the single bean of this type
 * in the registry, else nothing. Called on the requesting thread: keep it quick and never throw.
 */
@FunctionalInterface
public interface JiraRestObserver {

    /** Observes nothing. */
    JiraRestObserver NONE = (integration, site) -> {
    };

    /**
     * Jira answered 429 Too Many Requests (each answer, retries included).
     *
     * @param integration the integration of the exchange (the endpoint's {@code integration} option, else its
     *                    {@link JiraRestConstants#INTEGRATION_ID} header), or null for an endpoint configured by URL
     * @param site        host (and port, when not the default) of the API base URL the request went to
     */
    void rateLimited(String integration, String site);
}

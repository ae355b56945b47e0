package org.jirabridge.component.jira;

import org.apache.camel.Exchange;

/**
 * Asked before each request of an integration (the endpoint's {@code integration=<id>}, else the exchange's header
 * {@link JiraRestConstants#INTEGRATION_ID}): an application that tracks the health of Jira sites (a circuit breaker
 * per site) refuses requests to a site it has marked down, so an outage costs no requests and no waiting threads. The component uses the guard set on it, else the single bean of this type in the
 * registry, else none. Called on the requesting thread: keep it quick.
 */
@FunctionalInterface
public interface JiraSiteGuard {

    /** Lets every request through. */
    JiraSiteGuard NONE = (exchange, integration) -> {
    };

    /**
     * Returns when the request may go; otherwise throws a {@link JiraRestException} of failure
     * {@link JiraRestException.Failure#SITE_DOWN} and no request is sent.
     *
     * @param exchange    the exchange about to call Jira (its headers may say which task it belongs to)
     * @param integration the integration of this exchange: the endpoint's {@code integration} option, else the
     *                    exchange's {@link JiraRestConstants#INTEGRATION_ID} header
     */
    void beforeRequest(Exchange exchange, String integration);
}

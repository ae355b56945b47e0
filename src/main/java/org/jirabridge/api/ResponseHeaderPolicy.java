package org.jirabridge.api;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Which message headers platform-http may write into an HTTP response: only those the service sets on purpose.
 * Without it every request header and query parameter (they are message headers) came back as a response header,
 * so {@code ?Refresh=0;url=https://elsewhere} redirected the browser anywhere and {@code ?Set-Cookie=…} set cookies.
 * For the same reason a request header or parameter named like a response header the service sets itself
 * ({@code ?Location=…}) never becomes a message header; every other request header still reaches the routes.
 * Configured as the platform-http component's {@code header-filter-strategy} in {@code config/application.properties}.
 */
public final class ResponseHeaderPolicy extends DefaultHeaderFilterStrategy {

    /** Lower case; anything else a route leaves on the message stays inside the service. */
    static final Set<String> WRITTEN = Set.of("content-type", "location", "retry-after", "www-authenticate");
    /** Written only by the service: what a request brings under these names would pass straight back out. */
    static final Set<String> SERVICE_ONLY = Set.of("location", "retry-after", "www-authenticate");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return headerName == null || !WRITTEN.contains(headerName.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return headerName == null || SERVICE_ONLY.contains(headerName.toLowerCase(Locale.ROOT));
    }
}

package org.jirabridge.integration;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jirabridge.component.jira.client.SafeAddresses;

/**
 * Which Jira base URLs an integration may use, so that the service cannot be turned against its own network
 * (SSRF): https only, unless the host is explicitly allowed plain http (the sandbox is, by default); no user info,
 * query or fragment (a base URL is a site, and a trailing {@code ?} would let the caller choose every path); a host
 * written as a number ({@code 2130706433}, {@code 0x7f.1}) never; link-local, unspecified and cloud-metadata
 * addresses never, whatever the scheme or the allow list. It decides before any request is sent (a save's check,
 * pickers, the connection check, forwarding, sync); the connection pools check the address again when they connect
 * ({@link SafeAddresses}).
 */
public final class BaseUrlPolicy {

    /** https everywhere; plain http only for this machine (where the embedded sandbox runs). */
    public static final BaseUrlPolicy LOOPBACK_HTTP_ALLOWED = new BaseUrlPolicy(Set.of("localhost", "127.0.0.1", "::1"));

    // an IPv4 literal is accepted only in its usual dotted form, so no other spelling can hide an address
    private static final Pattern DOTTED_IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|.*\\.)(0x[0-9a-f]*|\\d+)\\.?$");

    private final Set<String> httpAllowedHosts;

    public BaseUrlPolicy(Set<String> httpAllowedHosts) {
        this.httpAllowedHosts = httpAllowedHosts.stream().map(host -> host.trim().toLowerCase(Locale.ROOT))
                .filter(host -> !host.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** From a comma-separated list (config key security.http-allowed-hosts). */
    public static BaseUrlPolicy fromList(String commaSeparatedHosts) {
        return new BaseUrlPolicy(Set.of(commaSeparatedHosts == null ? new String[0] : commaSeparatedHosts.split(",")));
    }

    /** Why the URL may not be used, or empty when it may. */
    public Optional<String> problem(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an https URL of the Jira site");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || baseUrl.contains("?") || baseUrl.contains("#")) {
            return Optional.of("must be the site's address only: no user name, password, query or fragment");
        }
        if (!host.contains(":") && NUMERIC_LAST_LABEL.matcher(host).matches() && !DOTTED_IPV4.matcher(host).matches()) {
            return Optional.of("writes its host as a number; use a host name or a dotted IPv4 address");
        }
        if (SafeAddresses.METADATA_HOSTS.contains(host)) {
            return Optional.of("points at a cloud metadata service, which is never allowed");
        }
        if (scheme.equals("http") && !httpAllowedHosts.contains(host)) {
            return Optional.of("must use https (plain http is allowed only for the hosts in"
                    + " security.http-allowed-hosts: " + httpAllowedHosts + ")");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                Optional<String> problem = SafeAddresses.problem(address);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        } catch (UnknownHostException e) {
            // a name that does not resolve reaches nothing; the connection check reports it as unreachable
        }
        return Optional.empty();
    }
}

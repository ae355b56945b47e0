package org.jirabridge.admin;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which Jira base URLs an integration may use, so that the service cannot be turned against its own network
 * (SSRF): https only, unless the host is explicitly allowed plain http (the sandbox is, by default); link-local and
 * cloud-metadata addresses never, whatever the scheme or the allow list.
 */
public final class BaseUrlPolicy {

    /** https everywhere; plain http only for this machine (where the embedded sandbox runs). */
    public static final BaseUrlPolicy LOOPBACK_HTTP_ALLOWED = new BaseUrlPolicy(Set.of("localhost", "127.0.0.1", "::1"));

    // instance-metadata endpoints of the big clouds, by name and by address
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "instance-data",
            "169.254.169.254", "fd00:ec2::254", "100.100.100.200");

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
        if (METADATA_HOSTS.contains(host)) {
            return Optional.of("points at a cloud metadata service, which is never allowed");
        }
        if (scheme.equals("http") && !httpAllowedHosts.contains(host)) {
            return Optional.of("must use https (plain http is allowed only for the hosts in"
                    + " security.http-allowed-hosts: " + httpAllowedHosts + ")");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLinkLocalAddress() || address.isAnyLocalAddress()
                        || METADATA_HOSTS.contains(address.getHostAddress().toLowerCase(Locale.ROOT))) {
                    return Optional.of("resolves to " + address.getHostAddress()
                            + ", a link-local or metadata address, which is never allowed");
                }
            }
        } catch (UnknownHostException e) {
            // a name that does not resolve reaches nothing; the connection check reports it as unreachable
        }
        return Optional.empty();
    }
}

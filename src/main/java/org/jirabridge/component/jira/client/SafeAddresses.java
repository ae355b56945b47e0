package org.jirabridge.component.jira.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The addresses no request to Jira may reach, whatever URL led there: link-local (169.254.0.0/16, fe80::/10, where
 * cloud metadata services answer), the unspecified address (0.0.0.0, ::, which reaches this machine) and the cloud
 * metadata addresses. As the connection pools' {@link DnsResolver} it decides at connect time, so a connection is
 * made only to addresses that were checked: a name that resolves differently later (DNS rebinding) cannot slip past
 * a check made earlier.
 */
public final class SafeAddresses implements DnsResolver {

    /** Instance-metadata endpoints of the big clouds, by name and by address. */
    public static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "instance-data",
            "169.254.169.254", "fd00:ec2::254", "100.100.100.200");

    private final DnsResolver dns;

    public SafeAddresses() {
        this(SystemDefaultDnsResolver.INSTANCE);
    }

    /** With another resolver underneath (tests stand in for DNS). */
    public SafeAddresses(DnsResolver dns) {
        this.dns = dns;
    }

    /** Why a connection to this address is refused, or empty when it is not. */
    public static Optional<String> problem(InetAddress address) {
        if (address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || METADATA_HOSTS.contains(address.getHostAddress().toLowerCase(Locale.ROOT))) {
            return Optional.of("resolves to " + address.getHostAddress()
                    + ", a link-local, unspecified or metadata address, which is never allowed");
        }
        return Optional.empty();
    }

    /** The host's addresses, or an {@link UnknownHostException} saying why it is refused. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (METADATA_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
            throw new RefusedAddressException(host + " is a cloud metadata service, which is never allowed");
        }
        InetAddress[] addresses = dns.resolve(host);
        for (InetAddress address : addresses) {
            Optional<String> problem = problem(address);
            if (problem.isPresent()) {
                throw new RefusedAddressException(host + " " + problem.get());
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return dns.resolveCanonicalHostname(host);
    }

    /** A host refused by the policy rather than one that does not exist: no request was sent. */
    public static final class RefusedAddressException extends UnknownHostException {
        public RefusedAddressException(String message) {
            super(message);
        }
    }
}

package org.jirabridge.auth;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything jira-bridge knows about one authentication type, in one place: on which deployments it works and with
 * which connection fields there, which of those fields are secret (sealed in the vault, masked in answers), how an
 * integration's stated fields become {@link AuthOptions}, and the {@link AuthStrategy} that signs requests.
 * The integrations API checks requests against it, the integration resolves its connection through it, and the
 * {@code jirarest:} URI form builds its strategy with it. {@link AuthDescriptors} lists one per {@link AuthType}.
 *
 * @param type        the type this describes
 * @param deployments "cloud" and/or "server", each with the connection fields the type takes there
 * @param secrets     the connection fields that are secrets (never stored in plain text, never answered)
 * @param credentials copies an integration's stated fields (connection fields and sealed secrets, by their API
 *                    names, plus the flow-obtained secrets and {@code appKey}) into the options
 * @param signer      builds the strategy from options; {@code clock} and {@code hosts} are already defaulted
 */
public record AuthDescriptor(AuthType type, Map<String, Fields> deployments, Set<String> secrets,
                             Credentials credentials, Signer signer) {

    public AuthDescriptor {
        deployments = Collections.unmodifiableMap(new LinkedHashMap<>(deployments));
        secrets = Collections.unmodifiableSet(new LinkedHashSet<>(secrets));
    }

    /** The connection fields a type takes on one deployment, beyond the common ones (deployment, baseUrl, …). */
    public record Fields(List<String> required, List<String> optional) {

        public Fields {
            required = List.copyOf(required);
            optional = List.copyOf(optional);
        }
    }

    /** Copies what an integration states into the options builder. */
    @FunctionalInterface
    public interface Credentials {
        void copy(Map<String, String> stated, AuthOptions.Builder options);
    }

    /** Builds the strategy; throws IllegalArgumentException naming the option that is missing. */
    @FunctionalInterface
    public interface Signer {
        AuthStrategy strategy(AuthOptions options, Clock clock, AtlassianHosts hosts);
    }

    /** The options an integration's stated fields give, on top of what {@code base} already holds. */
    public AuthOptions options(Map<String, String> stated, AuthOptions.Builder base) {
        credentials.copy(stated, base);
        return base.build();
    }
}

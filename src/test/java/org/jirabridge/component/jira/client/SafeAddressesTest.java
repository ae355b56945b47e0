package org.jirabridge.component.jira.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connection pools' resolver refuses a name that resolves to a forbidden address at connect time (rebinding). */
class SafeAddressesTest {

    /** A DNS that answers with the given literal for every name, as a rebinding attacker's name server would. */
    private static DnsResolver answering(String literal) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return new InetAddress[] {InetAddress.getByName(literal)};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    @Test
    void aNameThatNowResolvesToAMetadataOrLinkLocalAddressIsRefused() {
        for (String forbidden : new String[] {"169.254.169.254", "169.254.1.1", "0.0.0.0", "fe80::1", "::",
                "::ffff:169.254.169.254", "100.100.100.200"}) {
            assertThatThrownBy(() -> new SafeAddresses(answering(forbidden)).resolve("jira.example.com"))
                    .as(forbidden).isInstanceOf(SafeAddresses.RefusedAddressException.class);
        }
        assertThatThrownBy(() -> new SafeAddresses().resolve("metadata.google.internal"))
                .isInstanceOf(SafeAddresses.RefusedAddressException.class);
    }

    @Test
    void ordinaryAddressesAreReturnedAsResolved() throws Exception {
        assertThat(new SafeAddresses(answering("127.0.0.1")).resolve("jira.example.com"))
                .containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(new SafeAddresses(answering("203.0.113.7")).resolve("jira.example.com"))
                .containsExactly(InetAddress.getByName("203.0.113.7"));
    }

    @Test
    void aRefusalIsNotRetried() {
        var failure = JiraErrors.fromIo("GET", "/rest/api/3/myself",
                new SafeAddresses.RefusedAddressException("x resolves to 169.254.169.254"));
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("Not sent");
    }
}

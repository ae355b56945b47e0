package org.jirabridge.sandbox;

import java.util.List;
import java.util.Locale;

/** Which Jira the sandbox plays: Cloud (REST v3 + v2, ADF, accountIds) or Server/Data Center (REST v2 only, usernames). */
public enum Flavour {
    CLOUD("Cloud", List.of("3", "2")),
    SERVER("Server", List.of("2"));

    private final String deploymentType;
    private final List<String> restVersions;

    Flavour(String deploymentType, List<String> restVersions) {
        this.deploymentType = deploymentType;
        this.restVersions = restVersions;
    }

    /** Reads "cloud" or "server" (any case); anything else is an error, so a typo never silently picks a flavour. */
    public static Flavour parse(String value) {
        if (value != null) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "cloud":
                    return CLOUD;
                case "server":
                case "datacenter":
                case "dc":
                    return SERVER;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("Unknown flavour '" + value + "': use cloud or server");
    }

    /** serverInfo.deploymentType as Jira reports it. */
    public String deploymentType() {
        return deploymentType;
    }

    /** REST API versions served under /rest/api/{version}. */
    public List<String> restVersions() {
        return restVersions;
    }
}

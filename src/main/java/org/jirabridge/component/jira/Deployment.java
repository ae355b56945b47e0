package org.jirabridge.component.jira;

/** Jira Cloud speaks REST v3 with ADF; Server and Data Center speak REST v2 with wiki markup. */
public enum Deployment {
    CLOUD,
    SERVER;

    /** Maps serverInfo.deploymentType ("Cloud", "Server", "DataCenter") or a config value ("cloud", "server"). */
    public static Deployment parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim().equalsIgnoreCase("cloud") ? CLOUD : SERVER;
    }

    public String restApiVersion() {
        return this == CLOUD ? "3" : "2";
    }
}

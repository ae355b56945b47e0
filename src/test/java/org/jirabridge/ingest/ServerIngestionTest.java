package org.jirabridge.ingest;

/** The ingestion story against Jira Server/Data Center (REST v2, search with startAt, changelog embedded). */
class ServerIngestionTest extends IngestionScenarios {
    ServerIngestionTest() {
        super(false);
    }
}

package org.jirabridge.ingest;

/** The ingestion story against Jira Cloud (REST v3, search/jql with nextPageToken, bulk changelog fetch). */
class CloudIngestionTest extends IngestionScenarios {
    CloudIngestionTest() {
        super(true);
    }
}

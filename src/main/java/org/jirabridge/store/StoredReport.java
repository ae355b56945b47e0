package org.jirabridge.store;

import java.time.OffsetDateTime;

/** A report row as stored. */
public record StoredReport(
        String id,
        String integrationId,
        String externalId,
        String type,
        String priority,
        String title,
        String payloadJson,
        ReportStatus status,
        String jiraKey,
        String jiraId,
        String jiraUrl,
        String jiraStatus,
        String jiraPriority,
        int attempts,
        String lastError,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}

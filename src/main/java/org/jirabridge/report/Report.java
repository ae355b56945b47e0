package org.jirabridge.report;

import java.util.List;
import java.util.Map;

/** The report contract of POST /api/v1/reports (ARCHITECTURE.md, public interface v1). */
public record Report(
        String title,
        String description,
        String type,
        String priority,
        Reporter reporter,
        App app,
        Map<String, Object> device,
        List<String> tags,
        Map<String, Object> attributes,
        List<Attachment> attachments,
        String integrationId,
        String externalId) {

    public record Reporter(String email, String name) {
    }

    public record App(String name, String version, String platform) {
    }

    /** {@code data} is base64 as received. */
    public record Attachment(String name, String contentType, String data) {
    }
}

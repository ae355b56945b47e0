package org.jirabridge.sandbox;

import java.time.Instant;
import java.util.List;

/** One changelog entry of an issue: who changed what when, as Jira's changelog histories. */
record SandboxHistory(long id, String authorId, Instant created, List<Item> items) {

    /** One changed field; {@code fieldId} only on Cloud. */
    record Item(String field, String fieldtype, String fieldId, String from, String fromText, String to,
                String toText) {
    }
}

package org.jirabridge.sandbox;

import java.time.Instant;

/** A file attached to an issue. */
record SandboxAttachment(long id, String filename, String mimeType, byte[] content, String authorId, Instant created) {
}

package org.jirabridge.integration;

/** An integration row; {@code secretsSealed} is ciphertext from the vault, never plain text. */
public record StoredIntegration(String id, String name, boolean isDefault, String connectionJson,
                               String secretsSealed, String targetJson, String mappingJson, String syncJson) {
}

package org.jirabridge.component.jira.producer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jirabridge.component.jira.client.Json;

/** Request payloads taken from Map bodies: copied, so the caller's Map is never changed. */
final class Payloads {

    private Payloads() {
    }

    static Map<String, Object> copyOrEmpty(Object body) {
        return body instanceof Map<?, ?> map ? Json.copy(map) : new LinkedHashMap<>();
    }

    /** The mutable object under {@code key}, created when absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> payload, String key) {
        Object value = payload.get(key);
        if (value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        if (value != null) {
            throw new IllegalArgumentException("'" + key + "' must be a JSON object, not " + value.getClass().getSimpleName());
        }
        Map<String, Object> created = new LinkedHashMap<>();
        payload.put(key, created);
        return created;
    }
}

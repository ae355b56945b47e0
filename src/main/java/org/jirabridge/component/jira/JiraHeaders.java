package org.jirabridge.component.jira;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Message;

/**
 * Reads a header under its {@code CamelJira...} name (camel-jira since 4.18.3) or, when it is absent and the endpoint
 * allows it, under the unprefixed name camel-jira used before ({@link JiraRestConstants#LEGACY_NAMES}); writes output
 * headers under both names. The integration header ({@link JiraRestConstants#INTEGRATION_ID}) is the endpoint's
 * business, not read here.
 */
public final class JiraHeaders {

    private final Message message;
    private final boolean legacyNames;

    public JiraHeaders(Message message, boolean legacyNames) {
        this.message = message;
        this.legacyNames = legacyNames;
    }

    /** The header as a trimmed String; null when absent or blank. */
    public String text(String name) {
        Object value = message.getHeader(name);
        if (value == null && legacyNames) {
            String legacy = JiraRestConstants.LEGACY_NAMES.get(name);
            value = legacy == null ? null : message.getHeader(legacy);
        }
        if (value == null) {
            return null;
        }
        String text = message.getExchange().getContext().getTypeConverter().convertTo(String.class, value);
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** The header as a required String. */
    public String required(String name, String purpose) {
        String value = text(name);
        if (value == null) {
            String legacy = JiraRestConstants.LEGACY_NAMES.get(name);
            throw new IllegalArgumentException("Missing header " + name
                    + (legacyNames && legacy != null ? " (or " + legacy + ")" : "") + ": " + purpose);
        }
        return value;
    }

    /** A comma separated header as a list of non-empty trimmed items. */
    public List<String> list(String name) {
        String value = text(name);
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    /** Sets an output header under both spellings, so routes written either way can read it. */
    public void set(String name, Object value) {
        message.setHeader(name, value);
        String legacy = JiraRestConstants.LEGACY_NAMES.get(name);
        if (legacy != null) {
            message.setHeader(legacy, value);
        }
    }
}

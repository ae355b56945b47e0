package org.jirabridge.sandbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which issue fields a request asked for, in Jira's {@code fields} syntax: field ids, {@code *all},
 * {@code *navigable}, {@code -field} to exclude, and (search only) {@code id} for none at all.
 * Unknown field ids are ignored, as Jira does.
 */
final class FieldSelection {

    private final boolean all;
    private final boolean navigable;
    private final Set<String> included = new HashSet<>();
    private final Set<String> excluded = new HashSet<>();

    private FieldSelection(boolean all, boolean navigable) {
        this.all = all;
        this.navigable = navigable;
    }

    /** @param defaultSpec used when the request names no fields: "*all", "*navigable" or "id" */
    static FieldSelection parse(List<String> tokens, String defaultSpec) {
        List<String> spec = tokens == null || tokens.isEmpty() ? List.of(defaultSpec) : tokens;
        boolean all = spec.contains("*all");
        boolean navigable = spec.contains("*navigable");
        boolean onlyExclusions = spec.stream().allMatch(t -> t.startsWith("-"));
        // "-description" alone means "the default set minus description"
        if (onlyExclusions) {
            all |= "*all".equals(defaultSpec);
            navigable |= "*navigable".equals(defaultSpec);
        }
        FieldSelection selection = new FieldSelection(all, navigable);
        for (String token : spec) {
            if (token.startsWith("-")) {
                selection.excluded.add(token.substring(1));
            } else if (!token.startsWith("*") && !token.equals("id") && !token.equals("key")) {
                selection.included.add(token);
            }
        }
        return selection;
    }

    boolean includes(Catalog.FieldDef field) {
        if (excluded.contains(field.id())) {
            return false;
        }
        return all || (navigable && field.navigable()) || included.contains(field.id());
    }

    /** True when no field at all is wanted (Cloud search's default "id"). */
    boolean isEmpty() {
        return !all && !navigable && included.isEmpty();
    }
}

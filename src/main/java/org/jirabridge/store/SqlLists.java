package org.jirabridge.store;

import java.util.Collections;

/** The parameter list of an SQL {@code IN (…)}, shared by the repositories that look up many rows at once. */
final class SqlLists {

    private SqlLists() {
    }

    /** {@code ?, ?, …} with {@code count} markers. */
    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}

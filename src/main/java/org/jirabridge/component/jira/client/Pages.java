package org.jirabridge.component.jira.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Reads Jira's three kinds of paginated answers to the end (or to a limit). */
public final class Pages {

    private Pages() {
    }

    /**
     * Offset pages: {@code {"startAt","maxResults","total","isLast", <items>}} where the items sit under the first of
     * {@code itemKeys} that is present ({@code values}, {@code comments}, {@code issueTypes}, {@code fields}...).
     *
     * @param fetch gets the page at a start offset
     */
    public static List<Object> offset(Function<Integer, Object> fetch, int limit, String... itemKeys) {
        List<Object> all = new ArrayList<>();
        int startAt = 0;
        while (all.size() < limit) {
            Map<String, Object> page = Json.map(fetch.apply(startAt));
            List<Object> items = items(page, itemKeys);
            addUpTo(all, items, limit);
            startAt += items.size();
            if (items.isEmpty() || Boolean.TRUE.equals(page.get("isLast"))) {
                break;
            }
            if (page.get("total") instanceof Number total && startAt >= total.intValue()) {
                break;
            }
            if (page.get("total") == null && !page.containsKey("isLast")
                    && page.get("maxResults") instanceof Number asked && items.size() < asked.intValue()) {
                // neither total nor isLast: a short page is the last one
                break;
            }
        }
        return all;
    }

    /**
     * Bare array pages ({@code /user/assignable/search}): a page shorter than asked is the last one.
     *
     * @param fetch gets the page at (startAt, maxResults)
     */
    public static List<Object> array(BiFunction<Integer, Integer, Object> fetch, int pageSize, int limit) {
        List<Object> all = new ArrayList<>();
        int startAt = 0;
        while (all.size() < limit) {
            List<Object> items = Json.list(fetch.apply(startAt, pageSize));
            addUpTo(all, items, limit);
            startAt += items.size();
            if (items.size() < pageSize) {
                break;
            }
        }
        return all;
    }

    /**
     * Cursor pages ({@code /rest/api/3/search/jql}): {@code {"issues":[...],"nextPageToken","isLast"}}.
     *
     * @param fetch gets the page for a token (null for the first page) and the number of items still wanted
     */
    public static List<Object> cursor(BiFunction<String, Integer, Object> fetch, String itemKey, int limit) {
        List<Object> all = new ArrayList<>();
        String token = null;
        while (all.size() < limit) {
            Map<String, Object> page = Json.map(fetch.apply(token, limit - all.size()));
            List<Object> items = Json.list(page.get(itemKey));
            addUpTo(all, items, limit);
            Object next = page.get("nextPageToken");
            if (items.isEmpty() || Boolean.TRUE.equals(page.get("isLast")) || !(next instanceof String)
                    || next.equals(token)) {
                break;
            }
            token = (String) next;
        }
        return all;
    }

    private static List<Object> items(Map<String, Object> page, String... itemKeys) {
        for (String key : itemKeys) {
            if (page.get(key) instanceof List<?>) {
                return Json.list(page.get(key));
            }
        }
        return List.of();
    }

    private static void addUpTo(List<Object> all, List<Object> items, int limit) {
        for (Object item : items) {
            if (all.size() >= limit) {
                return;
            }
            all.add(item);
        }
    }
}

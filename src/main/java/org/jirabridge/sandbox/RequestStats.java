package org.jirabridge.sandbox;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Counts REST requests by method, path template and status for GET /_sandbox/stats. Thread-safe. */
final class RequestStats {

    private record Key(String method, String path, int status) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String method, String pathTemplate, int status) {
        counts.computeIfAbsent(new Key(method, pathTemplate, status), k -> new LongAdder()).increment();
    }

    void clear() {
        counts.clear();
    }

    ObjectNode describe() {
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        counts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Key::path).thenComparing(Key::method).thenComparingInt(Key::status)))
                .forEach(e -> requests.addObject().put("method", e.getKey().method()).put("path", e.getKey().path())
                        .put("status", e.getKey().status()).put("count", e.getValue().sum()));
        return body;
    }
}

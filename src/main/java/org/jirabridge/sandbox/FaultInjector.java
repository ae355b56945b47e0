package org.jirabridge.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Faults armed through POST /_sandbox/faults: requests that match a path (raw, or a template such as
 * /rest/api/3/issue/{issueIdOrKey}) and optionally a method are delayed, answered with a status and a Jira-like
 * error body, or dropped without an answer. A counted fault takes the next {@code count} matching requests; a
 * fault with a {@code rate} takes that share of them at random until cleared (the rated faults of a request
 * share one roll, so 0.2 and 0.05 fail 25% of the requests). Counted faults come first. Thread-safe.
 */
final class FaultInjector {

    /** One armed fault. {@code status} 0 means "no error, only the delay"; {@code rate} 0 means counted. */
    record Fault(String path, String method, int status, int remaining, long delayMs, boolean drop, double rate) {
        Fault {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("fault rate must be between 0 and 1");
            }
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("fault path must start with '/'");
            }
            if (status != 0 && (status < 100 || status > 599)) {
                throw new IllegalArgumentException("fault status must be an HTTP status, not " + status);
            }
            if (remaining < 1) {
                throw new IllegalArgumentException("fault count must be at least 1");
            }
            if (delayMs < 0) {
                throw new IllegalArgumentException("fault delayMs must not be negative");
            }
            if (status == 0 && !drop && delayMs == 0) {
                throw new IllegalArgumentException("a fault needs a status, a delayMs or drop");
            }
        }

        boolean matches(String method, String rawPath, String template) {
            if (this.method != null && !this.method.equalsIgnoreCase(method)) {
                return false;
            }
            if (path.equals(rawPath) || path.equals(template)) {
                return true;
            }
            // a template matches any concrete value of its {placeholders}
            String regex = Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            return Pattern.matches(regex, rawPath);
        }
    }

    private final List<Fault> faults = new ArrayList<>();
    private final Random random = new Random();

    synchronized void add(Fault fault) {
        faults.add(fault);
    }

    synchronized void clear() {
        faults.clear();
    }

    /** Takes one use of the first counted fault that matches, else rolls for the rated ones that match. */
    synchronized Optional<Fault> take(String method, String rawPath, String template) {
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            if (fault.rate() == 0 && fault.matches(method, rawPath, template)) {
                if (fault.remaining() == 1) {
                    faults.remove(i);
                } else {
                    faults.set(i, new Fault(fault.path(), fault.method(), fault.status(), fault.remaining() - 1,
                            fault.delayMs(), fault.drop(), 0));
                }
                return Optional.of(fault);
            }
        }
        double roll = random.nextDouble();
        for (Fault fault : faults) {
            if (fault.rate() > 0 && fault.matches(method, rawPath, template)) {
                if (roll < fault.rate()) {
                    return Optional.of(fault);
                }
                // each rated fault owns its own slice of the roll
                roll -= fault.rate();
            }
        }
        return Optional.empty();
    }

    synchronized ArrayNode describe() {
        ArrayNode list = Json.array();
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            ObjectNode node = list.addObject().put("path", fault.path());
            node.put("method", fault.method() == null ? null : fault.method().toUpperCase(Locale.ROOT));
            node.put("status", fault.status()).put("count", fault.remaining()).put("delayMs", fault.delayMs())
                    .put("drop", fault.drop());
            if (fault.rate() > 0) {
                node.remove("count");
                node.put("rate", fault.rate());
            }
        }
        return list;
    }
}

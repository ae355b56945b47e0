package org.jirabridge.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jirabridge.api.ApiException;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.gateway.JiraGateway;
import org.jirabridge.integration.Integration;
import org.jirabridge.mapping.CustomFieldEntry;
import org.jirabridge.mapping.CustomFieldMapper;
import org.jirabridge.mapping.CustomFieldMapping;
import org.jirabridge.mapping.FieldType;
import org.jirabridge.mapping.PriorityMap;
import org.jirabridge.mapping.ReportPaths;

/**
 * Checks an integration's target and mapping against its Jira before it is saved: the project exists, the issue type
 * belongs to it, the assignee is assignable, every field the create screen requires is mapped (with a value every
 * report has) or has a default, every mapped field is on the screen with a type jira-bridge fills and values that fit
 * it, and every target priority is in the project's priority scheme. Problems name the part of the body to fix.
 *
 * <p>When Jira cannot be asked (not reachable, credentials refused, an authentication not completed yet), the
 * integration is saved unchecked, unless a custom field entry needs its type from Jira.
 */
public final class TargetValidator {

    /** Fields the mapper always fills; a create screen requiring them needs nothing more. */
    private static final List<String> ALWAYS_FILLED = List.of("project", "issuetype", "summary", "description",
            "labels", "priority");

    private final JiraGateway lookup;

    public TargetValidator(JiraGateway lookup) {
        this.lookup = lookup;
    }

    /**
     * The outcome of a check that found no problem: the integration to save (custom field entries carry their Jira
     * field type) and whether Jira was asked ("OK") or could not be ("UNCHECKED", with the reason).
     */
    public record Checked(Integration integration, String status, String reason) {
        public Map<String, Object> toApi() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", status);
            if (reason != null) {
                json.put("reason", reason);
            }
            return json;
        }
    }

    /** @throws ApiException 400 "invalid_target" naming every problem */
    public Checked check(Integration integration, Map<String, String> secrets) {
        Checked checked;
        try {
            checked = lookup.withUnsaved(integration, secrets, site -> checkAgainst(site, integration));
        } catch (ApiException problems) {
            throw problems;
        } catch (JiraRestException e) {
            checked = unchecked(integration, "Jira could not be asked: " + describe(e));
        } catch (RuntimeException e) {
            // e.g. an authentication type whose token does not exist yet (OAuth before consent)
            checked = unchecked(integration, "Jira could not be asked: " + e.getMessage());
        }
        return checked;
    }

    private Checked unchecked(Integration integration, String reason) {
        List<Map<String, Object>> problems = new ArrayList<>();
        for (CustomFieldMapping mapping : mappings(integration)) {
            if (mapping.type() == null) {
                problems.add(ApiException.fieldProblem(mapping.path() + ".type", "is needed: " + reason
                        + ", so the type of " + mapping.field() + " is not known"));
            }
        }
        fail(problems);
        return new Checked(integration, "UNCHECKED", reason);
    }

    private Checked checkAgainst(JiraGateway.Site site, Integration integration) {
        Integration.Target target = integration.target();
        List<Map<String, Object>> problems = new ArrayList<>();
        String project = target.projectKey().strip();

        List<Map<String, Object>> types;
        try {
            types = site.issueTypes(project);
        } catch (JiraRestException e) {
            if (e.failure() != JiraRestException.Failure.NOT_FOUND) {
                throw e;
            }
            fail(List.of(ApiException.fieldProblem("target.projectKey", "Jira has no project " + project
                    + " (or the integration's user cannot create issues in it)")));
            return null;
        }
        Map<String, Object> type = types.stream().filter(t -> matches(t, target.issueType())).findFirst().orElse(null);
        if (type == null) {
            fail(List.of(ApiException.fieldProblem("target.issueType", "'" + target.issueType()
                    + "' is not an issue type of " + project + "; it has " + names(types, "name"))));
            return null;
        }
        String screen = project + "/" + type.get("name");
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        for (Map<String, Object> field : site.createFields(project, String.valueOf(type.get("id")))) {
            fields.put(String.valueOf(field.getOrDefault("fieldId", field.get("key"))), field);
        }
        Deployment deployment = site.deployment() == null ? Deployment.CLOUD : site.deployment();

        checkAssignee(site, target, project, deployment, problems);
        checkPriorities(site, integration, fields, screen, problems);
        List<CustomFieldMapping> typed = checkCustomFields(mappings(integration), fields, screen, deployment, problems);
        checkRequired(fields, typed, target, screen, problems);
        fail(problems);

        Integration.Mapping mapping = integration.mapping();
        List<CustomFieldEntry> entries = mapping.customFields() == null ? null
                : typed.stream().map(CustomFieldMapping::toEntry).toList();
        Integration withTypes = new Integration(integration.id(), integration.name(), integration.isDefault(),
                integration.connection(), integration.target(),
                new Integration.Mapping(mapping.priorityMap(), mapping.include(), mapping.reportLinkBase(), entries),
                integration.sync());
        return new Checked(withTypes, "OK", null);
    }

    private void checkAssignee(JiraGateway.Site site, Integration.Target target, String project, Deployment deployment,
                               List<Map<String, Object>> problems) {
        if (target.assignee() == null || target.assignee().isBlank()) {
            return;
        }
        String wanted = target.assignee().strip();
        // Cloud knows people by accountId, Server/DC by user name
        String key = deployment == Deployment.CLOUD ? "accountId" : "name";
        boolean assignable = site.assignableUsers(project).stream().anyMatch(u -> wanted.equals(u.get(key)));
        if (!assignable) {
            problems.add(ApiException.fieldProblem("target.assignee", "'" + wanted + "' is not a user who can be"
                    + " assigned issues in " + project + " (give the " + key + "; GET …/assignees?project="
                    + project + " lists them)"));
        }
    }

    @SuppressWarnings("unchecked")
    private void checkPriorities(JiraGateway.Site site, Integration integration,
                                 Map<String, Map<String, Object>> fields, String screen,
                                 List<Map<String, Object>> problems) {
        Map<String, Object> priorityField = fields.get("priority");
        if (priorityField == null) {
            problems.add(ApiException.fieldProblem("target.issueType", "the create screen of " + screen
                    + " has no Priority field, and jira-bridge always sets the priority"));
            return;
        }
        // the create screen lists the project's priority scheme; without it, every priority of the site counts
        List<Map<String, Object>> allowed = priorityField.get("allowedValues") instanceof List<?> list
                ? (List<Map<String, Object>>) list : site.priorities();
        Map<String, String> overrides = integration.mapping().priorityMap();
        for (String reportPriority : PriorityMap.REPORT_PRIORITIES) {
            String jira = PriorityMap.toJira(reportPriority, overrides);
            boolean byId = PriorityMap.isId(jira);
            boolean exists = allowed.stream().anyMatch(p -> byId ? jira.equals(String.valueOf(p.get("id")))
                    : jira.equalsIgnoreCase(String.valueOf(p.get("name"))));
            if (!exists) {
                boolean overridden = overrides != null && overrides.containsKey(reportPriority);
                problems.add(ApiException.fieldProblem("mapping.priorityMap." + reportPriority, "Jira priority '"
                        + jira + "'" + (overridden ? "" : " (the default for " + reportPriority + ")")
                        + " is not in the priority scheme of " + screen + "; map " + reportPriority + " to one of "
                        + names(allowed, "name")));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<CustomFieldMapping> checkCustomFields(List<CustomFieldMapping> mappings,
                                                       Map<String, Map<String, Object>> fields, String screen,
                                                       Deployment deployment, List<Map<String, Object>> problems) {
        List<CustomFieldMapping> typed = new ArrayList<>();
        for (CustomFieldMapping mapping : mappings) {
            Map<String, Object> field = fields.get(mapping.field());
            if (field == null) {
                problems.add(ApiException.fieldProblem(mapping.path() + ".field", mapping.field()
                        + " is not on the create screen of " + screen + "; GET …/fields?project=&issuetype= lists"
                        + " the fields it has"));
                typed.add(mapping);
                continue;
            }
            String label = mapping.field() + " (" + field.get("name") + ")";
            Map<String, Object> schema = (Map<String, Object>) field.get("schema");
            Optional<FieldType> jiraType = FieldType.ofSchema(schema);
            if (jiraType.isEmpty()) {
                problems.add(ApiException.fieldProblem(mapping.path() + ".field", label + " is a "
                        + FieldType.describe(schema) + " field, which jira-bridge cannot fill"));
                typed.add(mapping);
                continue;
            }
            FieldType type = jiraType.get();
            if (mapping.type() != null && mapping.type() != type) {
                problems.add(ApiException.fieldProblem(mapping.path() + ".type", "says " + mapping.type().apiName()
                        + " but " + label + " is a " + type.apiName() + " field in " + screen));
            }
            CustomFieldMapping withType = mapping.withType(type);
            typed.add(withType);
            sourceMismatch(withType, label).ifPresent(problem ->
                    problems.add(ApiException.fieldProblem(mapping.path() + ".source", problem)));
            List<Map<String, Object>> allowed = field.get("allowedValues") instanceof List<?> list
                    ? (List<Map<String, Object>>) list : null;
            checkFixedValue(withType, "constant", withType.constant(), label, allowed, deployment, problems);
            checkFixedValue(withType, "default", withType.defaultValue(), label, allowed, deployment, problems);
            if (withType.lookup() != null) {
                withType.lookup().forEach((key, value) -> checkFixedValue(withType, "lookup." + key, value, label,
                        allowed, deployment, problems));
            }
        }
        return typed;
    }

    /** Whether what the source holds can be of the field's type at all; free-form sources are checked per report. */
    private static Optional<String> sourceMismatch(CustomFieldMapping mapping, String label) {
        if (mapping.lookup() != null || mapping.constant() != null) {
            return Optional.empty();
        }
        FieldType type = mapping.type();
        ReportPaths.Kind kind = mapping.template() != null ? ReportPaths.Kind.TEXT
                : ReportPaths.kind(mapping.source()).orElse(ReportPaths.Kind.ANY);
        String from = mapping.template() != null ? "the template" : mapping.source();
        if (kind == ReportPaths.Kind.TEXT_LIST && !type.isMultiValued() && type != FieldType.TEXT
                && type != FieldType.TEXTAREA) {
            return Optional.of(from + " is a list of texts but " + label + " holds one " + type.apiName()
                    + " value; map it to a multi-value field or pick one value with a lookup");
        }
        boolean text = kind == ReportPaths.Kind.TEXT || kind == ReportPaths.Kind.TEXT_ALWAYS;
        boolean templateUrl = mapping.template() != null && mapping.template().strip().toLowerCase(Locale.ROOT)
                .matches("https?://.+");
        if (text && (type == FieldType.NUMBER || type == FieldType.DATE || type == FieldType.DATETIME
                || type == FieldType.URL && !templateUrl)) {
            return Optional.of(from + " is text but " + label + " is a " + type.apiName() + " field; map a "
                    + "device.* or attributes.* value that holds one, or translate with a lookup");
        }
        return Optional.empty();
    }

    /** A constant, default or lookup value must convert to the type and, for options, versions and components, exist. */
    private static void checkFixedValue(CustomFieldMapping mapping, String part, Object value, String label,
                                        List<Map<String, Object>> allowed, Deployment deployment,
                                        List<Map<String, Object>> problems) {
        if (value == null) {
            return;
        }
        String at = mapping.path() + "." + part;
        Object converted;
        try {
            converted = CustomFieldMapper.convert(mapping.type(), value, mapping.by(), deployment);
        } catch (CustomFieldMapper.ConversionException e) {
            problems.add(ApiException.fieldProblem(at, e.getMessage() + " (" + label + " is a "
                    + mapping.type().apiName() + " field)"));
            return;
        }
        if (converted == null || !mapping.type().hasAllowedValues() || allowed == null) {
            return;
        }
        List<?> references = converted instanceof List<?> list ? list : List.of(converted);
        for (Object reference : references) {
            missingChoice((Map<?, ?>) reference, allowed).ifPresent(missing -> problems.add(ApiException.fieldProblem(
                    at, "'" + missing + "' is not a choice of " + label + "; it has " + choices(allowed))));
        }
    }

    /** The part of an option/version/component reference that {@code allowed} does not have, if any. */
    @SuppressWarnings("unchecked")
    private static Optional<String> missingChoice(Map<?, ?> reference, List<Map<String, Object>> allowed) {
        Map<String, Object> hit = null;
        for (Map<String, Object> choice : allowed) {
            if (refersTo(reference, choice)) {
                hit = choice;
                break;
            }
        }
        if (hit == null) {
            return Optional.of(String.valueOf(reference.values().iterator().next()));
        }
        if (reference.get("child") instanceof Map<?, ?> child) {
            List<Map<String, Object>> children = hit.get("children") instanceof List<?> list
                    ? (List<Map<String, Object>>) list : List.of();
            if (children.stream().noneMatch(c -> refersTo(child, c))) {
                return Optional.of(hit.get("value") + " > " + child.values().iterator().next());
            }
        }
        return Optional.empty();
    }

    private static boolean refersTo(Map<?, ?> reference, Map<String, Object> choice) {
        if (reference.containsKey("id")) {
            return String.valueOf(reference.get("id")).equals(String.valueOf(choice.get("id")));
        }
        String key = reference.containsKey("value") ? "value" : "name";
        return String.valueOf(reference.get(key)).equals(String.valueOf(choice.get(key)));
    }

    private static void checkRequired(Map<String, Map<String, Object>> fields, List<CustomFieldMapping> mappings,
                                      Integration.Target target, String screen, List<Map<String, Object>> problems) {
        for (Map.Entry<String, Map<String, Object>> entry : fields.entrySet()) {
            String id = entry.getKey();
            Map<String, Object> field = entry.getValue();
            boolean required = Boolean.TRUE.equals(field.get("required"));
            boolean hasDefault = Boolean.TRUE.equals(field.get("hasDefaultValue"));
            boolean assigneeSet = id.equals("assignee") && target.assignee() != null;
            if (!required || hasDefault || ALWAYS_FILLED.contains(id) || assigneeSet) {
                continue;
            }
            String label = id + " (" + field.get("name") + ")";
            Optional<CustomFieldMapping> mapped = mappings.stream().filter(m -> m.field().equals(id)).findFirst();
            if (mapped.isEmpty()) {
                String choices = field.get("allowedValues") instanceof List<?> list && !list.isEmpty()
                        ? "; its choices: " + choices(castList(list)) : "";
                problems.add(ApiException.fieldProblem("mapping.customFields", label + " is required in " + screen
                        + " but no entry fills it: add {\"field\": \"" + id + "\", \"source\": …, \"default\": …}"
                        + " or {\"field\": \"" + id + "\", \"constant\": …}" + choices));
            } else if (!mapped.get().alwaysHasValue()) {
                problems.add(ApiException.fieldProblem(mapped.get().path() + ".default", "is needed: " + label
                        + " is required in " + screen + " and " + mapped.get().source()
                        + " can be empty in a report"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(List<?> list) {
        return (List<Map<String, Object>>) list;
    }

    private static List<CustomFieldMapping> mappings(Integration integration) {
        return integration.mapping() == null ? List.of()
                : CustomFieldMapping.ofEntries(integration.mapping().customFields());
    }

    private static boolean matches(Map<String, Object> issueType, String wanted) {
        String value = wanted.strip();
        return value.equals(String.valueOf(issueType.get("id")))
                || value.equalsIgnoreCase(String.valueOf(issueType.get("name")));
    }

    private static String names(List<Map<String, Object>> items, String key) {
        return items.stream().map(item -> String.valueOf(item.get(key))).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String choices(List<Map<String, Object>> allowed) {
        return allowed.stream().map(choice -> {
            Object name = choice.containsKey("value") ? choice.get("value") : choice.get("name");
            return name + (choice.get("children") instanceof List<?> children && !children.isEmpty()
                    ? " > " + names(castList(children), "value") : "");
        }).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(JiraRestException e) {
        int status = e.getHttpResponseCode();
        return (status == 0 ? "no connection" : "HTTP " + status) + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private static void fail(List<Map<String, Object>> problems) {
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_target", "Jira does not accept this target or mapping: "
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
    }
}

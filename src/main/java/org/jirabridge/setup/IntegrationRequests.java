package org.jirabridge.setup;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.api.ApiException;
import org.jirabridge.auth.AuthDescriptor;
import org.jirabridge.auth.AuthDescriptors;
import org.jirabridge.auth.AuthType;
import org.jirabridge.integration.Integration;
import org.jirabridge.mapping.CustomFieldEntry;
import org.jirabridge.mapping.CustomFieldMapping;
import org.jirabridge.mapping.MappingConfig;
import org.jirabridge.mapping.PriorityMap;
import org.jirabridge.store.Json;

/**
 * Reads an integrations API body into an {@link Integration} plus its secrets, refusing with a 400 every field that
 * is unknown, malformed or does not apply to the chosen authentication type; and writes integrations back out with
 * every secret masked.
 */
public final class IntegrationRequests {

    /** What the API shows in place of a stored secret; sending it back on an edit keeps the stored value. */
    public static final String MASK = "********";

    /** A parsed request: the integration and the secrets to store with it. */
    public record Parsed(Integration integration, Map<String, String> secrets) {
    }

    private static final Set<String> TOP_LEVEL = Set.of("id", "name", "default", "connection", "target", "mapping",
            "sync");
    private static final Set<String> CONNECTION_COMMON = Set.of("deployment", "baseUrl", "authType", "tokenExpiresAt");
    private static final Set<String> TARGET = Set.of("projectKey", "issueType", "assignee");
    private static final Set<String> MAPPING = Set.of("priorityMap", "include", "reportLinkBase", "customFields");
    private static final Set<String> SYNC_FLAGS = Set.of("autoForward", "status", "comments", "priority");
    private static final Set<String> SYNC = Set.of("autoForward", "status", "comments", "priority", "webhookSecret",
            "pollCron", "webhookVerification");
    /** How webhook calls are verified (see docs/sync.md): HMAC signature, token in the URL, or Connect JWT. */
    private static final Set<String> WEBHOOK_VERIFICATIONS = Set.of("signature", "token", "jwt");
    /** Every connection field that is a secret for some authentication type (the descriptors say which). */
    private static final Set<String> CONNECTION_SECRETS = AuthDescriptors.all().stream()
            .flatMap(descriptor -> descriptor.secrets().stream()).collect(Collectors.toUnmodifiableSet());

    private IntegrationRequests() {
    }

    /**
     * Parses a create ({@code existing} null) or an edit. On an edit, a secret that is left out or sent back as the
     * mask keeps its stored value, as long as the authentication type still takes it.
     */
    public static Parsed parse(String body, String pathId, Integration existing, Map<String, String> storedSecrets) {
        JsonNode root = readObject(body);
        List<Map<String, Object>> problems = new ArrayList<>();
        unknown(root, TOP_LEVEL, "", problems);

        String id = root.hasNonNull("id") ? (root.get("id").isTextual() ? root.get("id").asText() : "") : pathId;
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            problems.add(ApiException.fieldProblem("id",
                    "is required: lower-case letters, digits and dashes, at most 64 characters"));
        } else if (pathId != null && !pathId.equals(id)) {
            problems.add(ApiException.fieldProblem("id", "does not match the id in the path (" + pathId + ")"));
        }
        String name = textOr(root, "name", id, problems);
        boolean isDefault = root.has("default") ? bool(root, "default", problems)
                : existing != null && existing.isDefault();

        Map<String, String> secrets = new HashMap<>();
        Integration.Connection connection = connection(root.get("connection"), existing, storedSecrets, secrets,
                problems);
        Integration.Target target = target(root.get("target"), problems);
        Integration.Mapping mapping = mapping(root.get("mapping"), problems);
        Integration.Sync sync = Integration.Sync.of(sync(root.get("sync"), storedSecrets, secrets, problems));

        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_integration", "the integration has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
        return new Parsed(new Integration(id, name, isDefault, connection, target, mapping, sync), secrets);
    }

    /** The API view: everything but the secrets, which show as {@link #MASK} where one is stored. */
    public static IntegrationsResource.IntegrationView view(Integration integration, Map<String, String> secrets) {
        Map<String, Object> connection = new LinkedHashMap<>(Json.MAPPER.convertValue(integration.connection(),
                Map.class));
        connection.values().removeIf(value -> value == null);
        for (String secret : CONNECTION_SECRETS) {
            if (secrets.containsKey(secret)) {
                connection.put(secret, MASK);
            }
        }
        Map<String, Object> sync = integration.sync().asMap();
        if (secrets.containsKey("webhookSecret")) {
            sync.put("webhookSecret", MASK);
        }
        return new IntegrationsResource.IntegrationView(integration.id(), integration.name(),
                integration.isDefault(), connection, integration.target(), integration.mapping(), sync, null);
    }

    /** {@link #view} as a JSON object. */
    public static Map<String, Object> toApi(Integration integration, Map<String, String> secrets) {
        return Json.MAPPER.convertValue(view(integration, secrets), new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static Integration.Connection connection(JsonNode node, Integration existing,
                                                     Map<String, String> storedSecrets, Map<String, String> secrets,
                                                     List<Map<String, Object>> problems) {
        if (node == null || !node.isObject()) {
            problems.add(ApiException.fieldProblem("connection", "is required (an object)"));
            return null;
        }
        String deployment = textOr(node, "deployment", null, problems);
        if (deployment == null || !Set.of("cloud", "server").contains(deployment)) {
            problems.add(ApiException.fieldProblem("connection.deployment", "is required: cloud or server"));
            deployment = null;
        }
        String baseUrl = textOr(node, "baseUrl", null, problems);
        if (baseUrl == null || !isHttpUrl(baseUrl)) {
            problems.add(ApiException.fieldProblem("connection.baseUrl", "is required: an http(s) URL of the Jira site"));
        }
        AuthType authType = null;
        String authName = textOr(node, "authType", null, problems);
        try {
            authType = authName == null ? null : AuthType.valueOf(authName);
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (authType == null) {
            problems.add(ApiException.fieldProblem("connection.authType",
                    "is required: one of " + List.of(AuthType.values())));
            return null;
        }
        AuthDescriptor descriptor = AuthDescriptors.of(authType);
        AuthDescriptor.Fields fields = deployment == null ? null : descriptor.deployments().get(deployment);
        if (deployment != null && fields == null) {
            problems.add(ApiException.fieldProblem("connection.authType", authType + " is not available on Jira "
                    + deployment + "; it works with " + descriptor.deployments().keySet()));
            return null;
        }
        if (fields == null) {
            return null;
        }
        Set<String> allowed = new java.util.HashSet<>(CONNECTION_COMMON);
        allowed.addAll(fields.required());
        allowed.addAll(fields.optional());
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!allowed.contains(field)) {
                problems.add(ApiException.fieldProblem("connection." + field, "does not apply to authType "
                        + authType + " on " + deployment + " (it takes " + fields.required() + " "
                        + fields.optional() + ")"));
            }
        }
        boolean sameAuth = existing != null && existing.connection() != null
                && existing.connection().authType() == authType;
        // a stored secret never follows the integration to another site: the new address must be given it anew
        boolean sameSite = existing != null && existing.connection() != null
                && Objects.equals(existing.connection().deployment(), deployment)
                && Objects.equals(siteOf(existing.connection().baseUrl()), siteOf(baseUrl));
        Map<String, String> values = new HashMap<>();
        for (String field : allowed) {
            String value = textOr(node, field, null, problems);
            boolean secret = CONNECTION_SECRETS.contains(field);
            boolean keep = secret && sameAuth && (value == null || MASK.equals(value)) && storedSecrets.containsKey(field);
            if (secret && existing != null && !sameSite && (keep || MASK.equals(value))) {
                problems.add(ApiException.fieldProblem("connection." + field, "must be sent again: "
                        + "connection.baseUrl or connection.deployment changed, and a stored secret is never sent to a"
                        + " new address (" + MASK + " keeps a secret only while the site stays the same)"));
                continue;
            }
            if (keep) {
                value = storedSecrets.get(field);
            } else if (secret && MASK.equals(value)) {
                problems.add(ApiException.fieldProblem("connection." + field, "is " + MASK + ", which keeps a stored"
                        + " secret, but none is stored for it: send the secret itself"));
                continue;
            }
            if (value != null && !value.isBlank()) {
                values.put(field, value);
            }
        }
        if (values.containsKey("cloudId") && !org.jirabridge.auth.AtlassianHosts.isCloudId(values.get("cloudId"))) {
            problems.add(ApiException.fieldProblem("connection.cloudId", "must be a site's cloud id: letters, digits"
                    + " and '-' only, at most 64"));
        }
        for (String field : fields.required()) {
            boolean named = problems.stream().anyMatch(p -> ("connection." + field).equals(p.get("field")));
            if (!values.containsKey(field) && !named) {
                problems.add(ApiException.fieldProblem("connection." + field, "is required for authType "
                        + authType + " on " + deployment));
            }
        }
        for (String secret : CONNECTION_SECRETS) {
            if (values.containsKey(secret)) {
                secrets.put(secret, values.remove(secret));
            }
        }
        return Integration.Connection.of(deployment, baseUrl, authType, values.get("email"), values.get("username"),
                values.get("clientId"), values.get("cloudId"), values.get("consumerKey"),
                values.get("tokenExpiresAt"));
    }

    /** The base URL as compared for "same site": without trailing slashes, scheme and host in lower case. */
    private static String siteOf(String baseUrl) {
        if (baseUrl == null) {
            return null;
        }
        String trimmed = baseUrl.strip().replaceAll("/+$", "");
        int path = trimmed.indexOf('/', trimmed.indexOf("://") + 3);
        return path < 0 ? trimmed.toLowerCase(java.util.Locale.ROOT)
                : trimmed.substring(0, path).toLowerCase(java.util.Locale.ROOT) + trimmed.substring(path);
    }

    private static Integration.Target target(JsonNode node, List<Map<String, Object>> problems) {
        if (node == null || !node.isObject()) {
            problems.add(ApiException.fieldProblem("target", "is required: {\"projectKey\", \"issueType\"}"));
            return null;
        }
        unknown(node, TARGET, "target.", problems);
        String project = textOr(node, "projectKey", null, problems);
        String issueType = textOr(node, "issueType", null, problems);
        if (project == null || project.isBlank()) {
            problems.add(ApiException.fieldProblem("target.projectKey", "is required"));
        }
        if (issueType == null || issueType.isBlank()) {
            problems.add(ApiException.fieldProblem("target.issueType", "is required (name or id)"));
        }
        return new Integration.Target(project, issueType, textOr(node, "assignee", null, problems));
    }

    @SuppressWarnings("unchecked")
    private static Integration.Mapping mapping(JsonNode node, List<Map<String, Object>> problems) {
        if (node == null || node.isNull()) {
            return Integration.Mapping.defaults();
        }
        if (!node.isObject()) {
            problems.add(ApiException.fieldProblem("mapping", "must be an object"));
            return null;
        }
        unknown(node, MAPPING, "mapping.", problems);
        Map<String, String> priorityMap = null;
        if (node.hasNonNull("priorityMap")) {
            JsonNode map = node.get("priorityMap");
            if (!map.isObject()) {
                problems.add(ApiException.fieldProblem("mapping.priorityMap", "must be an object"));
            } else {
                priorityMap = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    if (!PriorityMap.REPORT_PRIORITIES.contains(entry.getKey())) {
                        problems.add(ApiException.fieldProblem("mapping.priorityMap." + entry.getKey(),
                                "is not a report priority: " + PriorityMap.REPORT_PRIORITIES));
                    } else if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                        problems.add(ApiException.fieldProblem("mapping.priorityMap." + entry.getKey(),
                                "must be a Jira priority name or id"));
                    } else {
                        priorityMap.put(entry.getKey(), entry.getValue().asText());
                    }
                }
            }
        }
        List<String> include = null;
        if (node.hasNonNull("include")) {
            JsonNode list = node.get("include");
            if (!list.isArray()) {
                problems.add(ApiException.fieldProblem("mapping.include", "must be an array of section names"));
            } else {
                include = new ArrayList<>();
                for (JsonNode section : list) {
                    if (!MappingConfig.KNOWN_SECTIONS.contains(section.asText())) {
                        problems.add(ApiException.fieldProblem("mapping.include",
                                "unknown section " + section + "; sections are " + MappingConfig.KNOWN_SECTIONS));
                    }
                    include.add(section.asText());
                }
            }
        }
        List<CustomFieldEntry> customFields = null;
        if (node.hasNonNull("customFields")) {
            JsonNode list = node.get("customFields");
            if (!list.isArray()) {
                problems.add(ApiException.fieldProblem("mapping.customFields", "must be an array"));
            } else {
                List<Map<String, Object>> entries = new ArrayList<>();
                for (JsonNode entry : list) {
                    entries.add(entry.isObject() ? Json.MAPPER.convertValue(entry, Map.class) : null);
                }
                // source/constant/template, field, type, lookup, default, by: see CustomFieldMapping
                CustomFieldMapping.Parsed parsed = CustomFieldMapping.parseAll(entries);
                parsed.problems().forEach(p -> problems.add(ApiException.fieldProblem(p.path(), p.problem())));
                customFields = parsed.mappings().stream().map(CustomFieldMapping::toEntry).toList();
            }
        }
        return new Integration.Mapping(priorityMap, include, textOr(node, "reportLinkBase", null, problems),
                customFields);
    }

    private static Map<String, Object> sync(JsonNode node, Map<String, String> storedSecrets,
                                            Map<String, String> secrets, List<Map<String, Object>> problems) {
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("autoForward", true);
        if (node == null || node.isNull()) {
            return sync;
        }
        if (!node.isObject()) {
            problems.add(ApiException.fieldProblem("sync", "must be an object"));
            return sync;
        }
        unknown(node, SYNC, "sync.", problems);
        for (String flag : SYNC_FLAGS) {
            if (node.has(flag)) {
                sync.put(flag, bool(node, flag, problems));
            }
        }
        if (node.hasNonNull("pollCron")) {
            String cron = textOr(node, "pollCron", null, problems);
            if (cron != null && !org.quartz.CronExpression.isValidExpression(cron.strip())) {
                problems.add(ApiException.fieldProblem("sync.pollCron",
                        "is not a Quartz cron expression (seconds first, e.g. \"0/30 * * * * ?\")"));
            } else if (cron != null) {
                sync.put("pollCron", cron.strip());
            }
        }
        if (node.hasNonNull("webhookVerification")) {
            String mode = textOr(node, "webhookVerification", null, problems);
            if (mode != null && !WEBHOOK_VERIFICATIONS.contains(mode)) {
                problems.add(ApiException.fieldProblem("sync.webhookVerification",
                        "must be one of " + WEBHOOK_VERIFICATIONS.stream().sorted().toList()));
            } else if (mode != null) {
                sync.put("webhookVerification", mode);
            }
        }
        String webhookSecret = textOr(node, "webhookSecret", null, problems);
        if (MASK.equals(webhookSecret) || webhookSecret == null && node.has("webhookSecret")) {
            webhookSecret = storedSecrets.get("webhookSecret");
        }
        if (webhookSecret != null) {
            secrets.put("webhookSecret", webhookSecret);
        }
        return sync;
    }

    private static JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "malformed_json", "the body is empty; send the integration as a JSON object");
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw new ApiException(400, "invalid_integration", "the body must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ApiException.malformedJson(e);
        }
    }

    private static String textOr(JsonNode node, String field, String fallback, List<Map<String, Object>> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            problems.add(ApiException.fieldProblem(field, "must be a string"));
            return fallback;
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String field, List<Map<String, Object>> problems) {
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            problems.add(ApiException.fieldProblem(field, "must be true or false"));
            return false;
        }
        return value.asBoolean();
    }

    private static void unknown(JsonNode node, Set<String> allowed, String prefix, List<Map<String, Object>> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(ApiException.fieldProblem(prefix + name, "is not a known field"));
            }
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

package org.jirabridge.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jirabridge.api.ApiException;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Integrations declared as files: every {@code *.yaml} in the directory holds one integration (or a list of them) in
 * the integrations API's body shape, with secrets written as {@code {{env:NAME}}} placeholders. They are applied at
 * every start through the same parser as the API, so both sources give the same model; a file that does not parse
 * stops the start with a message naming the file and the fields (never a secret value).
 */
public final class DeclaredIntegrations {

    private static final Logger LOG = LoggerFactory.getLogger(DeclaredIntegrations.class);

    private final Integrations integrations;
    private final UnaryOperator<String> placeholders;

    /** @param placeholders resolves {@code {{…}}} placeholders (Camel's properties component) */
    public DeclaredIntegrations(Integrations integrations, UnaryOperator<String> placeholders) {
        this.integrations = integrations;
        this.placeholders = placeholders;
    }

    /** Applies every declared integration; a missing directory declares none. Returns the ids applied. */
    public List<String> apply(Path directory) {
        List<String> applied = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return applied;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.{yaml,yml}")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path file : sorted) {
                for (Object declared : declarations(file)) {
                    applied.add(applyOne(file, declared));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read declared integrations in " + directory, e);
        }
        return applied;
    }

    private static List<?> declarations(Path file) throws IOException {
        Object loaded = new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        if (loaded instanceof List<?> list) {
            return list;
        }
        if (loaded instanceof Map<?, ?>) {
            return List.of(loaded);
        }
        throw new IllegalStateException(file + ": expected an integration (a mapping) or a list of them");
    }

    private String applyOne(Path file, Object declared) {
        Object resolved = resolve(declared, file, "");
        String json = Json.write(resolved);
        String id = resolved instanceof Map<?, ?> map && map.get("id") instanceof String text ? text : null;
        Integration existing = id == null ? null : integrations.find(id).orElse(null);
        Map<String, String> stored = existing == null ? Map.of() : integrations.secrets(id);
        IntegrationRequests.Parsed parsed;
        try {
            parsed = IntegrationRequests.parse(json, null, existing, stored);
        } catch (ApiException e) {
            throw new IllegalStateException(file + ": " + e.getMessage() + " " + e.details());
        }
        integrations.save(parsed.integration(), parsed.secrets());
        LOG.info("declared integration {} applied from {}", parsed.integration().id(), file);
        return parsed.integration().id();
    }

    /** Resolves placeholders in every string; an unresolvable one names its field, not its value. */
    private Object resolve(Object node, Path file, String field) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, value) -> out.put(String.valueOf(key),
                    resolve(value, file, field.isEmpty() ? String.valueOf(key) : field + "." + key)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(resolve(list.get(i), file, field + "[" + i + "]"));
            }
            return out;
        }
        if (node instanceof String text && text.contains("{{")) {
            try {
                return placeholders.apply(text);
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + ": " + field + ": its placeholder cannot be resolved (is the "
                        + "environment variable set?)");
            }
        }
        return node;
    }
}

package org.jirabridge.setup;

import java.util.Map;

import org.jirabridge.api.ApiException;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;

/**
 * The integrations resource's domain: create, list, read, edit, delete. Secrets go in, never out (masked in every
 * answer). Takes requests as read by {@link IntegrationRequests} and answers records; the HTTP adapter is
 * {@link IntegrationsResource}. Bound as {@code integrationsApi}.
 */
public final class IntegrationsApi {

    /** An integration as stored, with its secrets: what an edit starts from. */
    public record Stored(Integration integration, Map<String, String> secrets) {
    }

    private final Integrations integrations;
    // checks target and mapping against Jira before a save; null saves without asking Jira
    private final TargetValidator targetValidator;

    public IntegrationsApi(Integrations integrations) {
        this(integrations, null);
    }

    public IntegrationsApi(Integrations integrations, TargetValidator targetValidator) {
        this.integrations = integrations;
        this.targetValidator = targetValidator;
    }

    /** Saves a new integration, checked against Jira; 409 when its id is taken. */
    public IntegrationsResource.IntegrationView create(IntegrationRequests.Parsed parsed) {
        if (integrations.find(parsed.integration().id()).isPresent()) {
            throw new ApiException(409, "already_exists", "an integration with id " + parsed.integration().id()
                    + " exists; edit it with PUT /api/v1/integrations/" + parsed.integration().id());
        }
        return saveChecked(parsed);
    }

    /**
     * Saves an edit (PUT whole, PATCH merged onto {@link #stored}), checked against Jira. Editing keeps the
     * integration's id, so its reports and sync state stay with it.
     */
    public IntegrationsResource.IntegrationView update(IntegrationRequests.Parsed parsed) {
        return saveChecked(parsed);
    }

    /** The integration with its stored secrets; 404 when there is none. */
    public Stored stored(String id) {
        return new Stored(require(id), integrations.secrets(id));
    }

    /** The integration; 404 when there is none. */
    public Integration require(String id) {
        return integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
    }

    public IntegrationsResource.IntegrationView get(String id) {
        return IntegrationRequests.view(require(id), integrations.secrets(id));
    }

    public IntegrationsResource.IntegrationList list() {
        return new IntegrationsResource.IntegrationList(integrations.list().stream()
                .map(integration -> IntegrationRequests.view(integration, integrations.secrets(integration.id())))
                .toList());
    }

    /** Deletes an integration without reports; 404 when there is none, 409 when it has reports. */
    public void delete(String id) {
        require(id);
        if (!integrations.delete(id)) {
            throw new ApiException(409, "in_use", "integration " + id
                    + " has reports; edit it instead (its reports would lose their Jira connection)");
        }
    }

    /**
     * Saves an integration's connection alone, for the web page's first wizard step (pickers, the connection check
     * and OAuth consent need a saved integration). {@code body} is {"id","name","connection"}. A new integration
     * gets no target yet and does not forward on its own until its setup is saved (sync.autoForward false); an
     * existing one keeps its target, mapping, sync, the secrets that are sent back masked or left out, and the site
     * of its OAuth 2.0 grant while the authentication type and client stay. Not
     * checked against Jira here: the connection check does that next. Answers the integration as the API shows it.
     */
    public IntegrationsResource.IntegrationView saveConnection(String id, String body) {
        Integration existing = integrations.find(id).orElse(null);
        Map<String, String> stored = existing == null ? Map.of() : integrations.secrets(id);
        Map<String, Object> request = new java.util.LinkedHashMap<>(org.jirabridge.store.Json.readMap(body));
        // parse wants a target: a stand-in that is never saved; the real one comes with the setup step
        request.put("target", Map.of("projectKey", "-", "issueType", "-"));
        request.remove("sync");
        request.remove("mapping");
        IntegrationRequests.Parsed parsed = IntegrationRequests.parse(org.jirabridge.store.Json.write(request), id,
                existing, stored);
        Map<String, String> secrets = new java.util.HashMap<>(parsed.secrets());
        Integration.Sync sync;
        Integration.Target target;
        Integration.Mapping mapping;
        if (existing == null) {
            target = new Integration.Target(null, null, null);
            mapping = Integration.Mapping.defaults();
            sync = new Integration.Sync(false, null, null, null, null, null);
        } else {
            target = existing.target();
            mapping = existing.mapping();
            sync = existing.sync();
            if (stored.containsKey("webhookSecret")) {
                secrets.put("webhookSecret", stored.get("webhookSecret"));
            }
        }
        Integration.Connection connection = parsed.integration().connection();
        if (existing != null && connection.cloudId() == null && existing.connection().cloudId() != null
                && existing.connection().authType() == connection.authType()
                && java.util.Objects.equals(existing.connection().clientId(), connection.clientId())) {
            // the site picked after consent belongs to the grant, which this save keeps
            connection = connection.at(connection.baseUrl(), existing.connection().cloudId());
        }
        Integration integration = new Integration(id, parsed.integration().name(), parsed.integration().isDefault(),
                connection, target, mapping, sync);
        integrations.save(integration, secrets);
        return IntegrationRequests.view(integration, secrets);
    }

    /** Saves what the target check accepts (entries get their field types) and answers with the check's outcome. */
    private IntegrationsResource.IntegrationView saveChecked(IntegrationRequests.Parsed parsed) {
        // the URL policy decides before the check sends anything (with the credential) to the new URL
        integrations.requireAllowedUrl(parsed.integration());
        TargetValidator.Checked checked = targetValidator == null ? null
                : targetValidator.check(parsed.integration(), parsed.secrets());
        Integration integration = checked == null ? parsed.integration() : checked.integration();
        integrations.save(integration, parsed.secrets());
        IntegrationsResource.IntegrationView view = IntegrationRequests.view(integration, parsed.secrets());
        return checked == null ? view : view.withTargetCheck(checked.toApi());
    }
}

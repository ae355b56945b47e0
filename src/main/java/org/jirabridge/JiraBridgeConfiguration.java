package org.jirabridge;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.jirabridge.access.AdminToken;
import org.jirabridge.access.ApiAccess;
import org.jirabridge.access.ApiKeys;
import org.jirabridge.access.ApiKeysApi;
import org.jirabridge.access.CredentialThrottle;
import org.jirabridge.admin.AppWebhookAuthentication;
import org.jirabridge.admin.ConnectInstallKeys;
import org.jirabridge.admin.ConnectLifecycle;
import org.jirabridge.admin.ConnectionCheck;
import org.jirabridge.admin.DeclaredIntegrations;
import org.jirabridge.admin.BaseUrlPolicy;
import org.jirabridge.admin.Integration;
import org.jirabridge.admin.IntegrationHealth;
import org.jirabridge.admin.Integrations;
import org.jirabridge.admin.IntegrationsApi;
import org.jirabridge.admin.JiraLookup;
import org.jirabridge.admin.Pickers;
import org.jirabridge.admin.TargetValidator;
import org.jirabridge.admin.TestIssue;
import org.jirabridge.admin.OAuthFlow;
import org.jirabridge.admin.SecretVault;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.api.HttpGuards;
import org.jirabridge.api.OpenPathLimits;
import org.jirabridge.auth.AtlassianHosts;
import org.jirabridge.auth.AuthType;
import org.jirabridge.forward.DeadLetters;
import org.jirabridge.forward.ForwardFailures;
import org.jirabridge.forward.ForwardSteps;
import org.jirabridge.forward.InFlightTasks;
import org.jirabridge.forward.ManualForward;
import org.jirabridge.forward.OutboxDispatcher;
import org.jirabridge.intake.DemoReports;
import org.jirabridge.intake.ReportIntake;
import org.jirabridge.intake.ReportValidator;
import org.jirabridge.intake.ReportView;
import org.jirabridge.observe.LogText;
import org.jirabridge.observe.Metrics;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.JiraSandbox;
import org.jirabridge.store.ApiKeyRepository;
import org.jirabridge.store.Database;
import org.jirabridge.store.DeadLetterRepository;
import org.jirabridge.store.IntegrationRepository;
import org.jirabridge.store.OAuthPendingRepository;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.OwnerOnlyFiles;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.SyncRepository;
import org.jirabridge.store.WebhookEventRepository;
import org.jirabridge.sync.DemoWebhook;
import org.jirabridge.sync.DynamicWebhookMaintenance;
import org.jirabridge.sync.PriorityPush;
import org.jirabridge.sync.SyncApplier;
import org.jirabridge.sync.SyncPoller;
import org.jirabridge.sync.SyncPolling;
import org.jirabridge.sync.WebhookEventProcessor;
import org.jirabridge.sync.WebhookReceiver;

/** Builds the service's beans from config/application.properties and binds them under the names routes use. */
public final class JiraBridgeConfiguration implements CamelConfiguration {

    /** Where camel-micrometer(-prometheus) keeps its meter registry. */
    private static final String METRICS_REGISTRY = "metricsRegistry";
    /** Configuration keys whose values are secrets. */
    private static final java.util.List<String> SECRET_KEYS = java.util.List.of("security.admin-token", "vault.key",
            "demo.webhook-secret", "store.password");

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        maskSecretsInLogs(properties);
        Registry registry = context.getRegistry();
        Metrics metrics = bindMetrics(registry);

        // the embedded database's directory is owner-only before H2 writes its first file
        java.util.Optional<Path> h2File = OwnerOnlyFiles.h2Base(property(properties, "store.jdbc-url"));
        h2File.ifPresent(OwnerOnlyFiles::protect);
        Database database = new Database(property(properties, "store.jdbc-url"), property(properties, "store.user"),
                properties.resolveProperty("store.password").orElse(""),
                Integer.parseInt(property(properties, "store.pool-size")),
                Long.parseLong(property(properties, "store.connection-timeout-ms")));
        closeOnStop(context, "database", database::close);
        registry.bind("database", database);
        ReportRepository reports = new ReportRepository(database);
        OutboxRepository outbox = new OutboxRepository(database);
        metrics.watchOutbox(outbox::pending);
        DeadLetterRepository deadLetterRows = new DeadLetterRepository(database);
        SecretVault vault = SecretVault.open(properties.resolveProperty("vault.key").orElse(""),
                Path.of(property(properties, "vault.key-file")));
        // the files H2 created (with the process's umask) become owner-only too
        h2File.ifPresent(OwnerOnlyFiles::protect);
        Flavour flavour = Flavour.valueOf(property(properties, "sandbox.flavour").toUpperCase());
        AtlassianHosts hosts = new AtlassianHosts(property(properties, "atlassian.auth-url"),
                property(properties, "atlassian.api-url"));
        String installKeysUrl = property(properties, "atlassian.connect-install-keys-url");
        if (Boolean.parseBoolean(property(properties, "sandbox.enabled"))) {
            JiraSandbox sandbox = JiraSandbox.start(Integer.parseInt(property(properties, "sandbox.port")), flavour);
            closeOnStop(context, "sandbox", sandbox::stop);
            registry.bind("jiraSandbox", sandbox);
            sandbox.autoApprove(Boolean.parseBoolean(property(properties, "sandbox.oauth.auto-approve")));
            if (Boolean.parseBoolean(property(properties, "sandbox.plays-atlassian"))) {
                hosts = new AtlassianHosts(sandbox.baseUrl(), sandbox.baseUrl());
                installKeysUrl = sandbox.baseUrl() + "/connect-install-keys";
            }
        }
        Clock clock = Clock.systemUTC();
        Integrations integrations = new Integrations(new IntegrationRepository(database), vault, hosts, clock,
                BaseUrlPolicy.fromList(properties.resolveProperty("security.http-allowed-hosts").orElse("")));
        ApiKeys apiKeys = new ApiKeys(new ApiKeyRepository(database), clock);
        if (Boolean.parseBoolean(property(properties, "demo.enabled"))) {
            Map<String, String> secrets = new LinkedHashMap<>(demoSecrets(flavour));
            secrets.put("webhookSecret", property(properties, "demo.webhook-secret"));
            integrations.save(demoIntegration(properties, flavour), secrets);
        }
        demoApiKey(properties, apiKeys);
        new DeclaredIntegrations(integrations, properties::parseUri)
                .apply(Path.of(property(properties, "integrations.declared-dir")));
        String publicUrl = property(properties, "service.public-url");
        registry.bind("oauthFlow", new OAuthFlow(integrations, new OAuthPendingRepository(database), vault,
                publicUrl, clock));
        registry.bind("connectionCheck", new ConnectionCheck(integrations, clock));
        registry.bind("connectLifecycle", new ConnectLifecycle(integrations, publicUrl,
                new ConnectInstallKeys(installKeysUrl), clock));
        AppWebhookAuthentication appWebhooks = new AppWebhookAuthentication(integrations, clock);

        Duration lease = Duration.ofSeconds(Long.parseLong(property(properties, "forward.lease-seconds")));
        registry.bind("integrations", integrations);
        HealthCheckRegistry.get(context).register(new IntegrationHealth(integrations, database));
        // reports parked on a bad credential resume, in order, as soon as the credential changes
        integrations.onCredentialsChanged(outbox::resumeParked);
        JiraLookup jiraLookup = new JiraLookup(context, integrations);
        registry.bind("integrationsApi", new IntegrationsApi(integrations, new TargetValidator(jiraLookup)));
        registry.bind("pickers", new Pickers(integrations, jiraLookup));
        registry.bind("apiResponses", new ApiResponses());
        AdminToken adminToken = AdminToken.open(properties.resolveProperty("security.admin-token").orElse(""),
                Path.of(property(properties, "security.admin-token-file")));
        registry.bind("apiKeysApi", new ApiKeysApi(apiKeys, id -> integrations.find(id).isPresent()));
        context.addStartupListener(new HttpGuards(Integer.parseInt(property(properties, "camel.server.port")),
                new ApiAccess(adminToken, apiKeys, new CredentialThrottle(
                        Integer.parseInt(property(properties, "security.failed-credentials-limit")),
                        Duration.ofSeconds(Long.parseLong(property(properties, "security.failed-credentials-window-seconds"))),
                        clock), Boolean.parseBoolean(property(properties, "security.metrics-open"))),
                new OpenPathLimits(Long.parseLong(property(properties, "security.open-max-body-bytes")),
                        Integer.parseInt(property(properties, "security.open-max-in-flight")))));
        ReportValidator reportValidator = new ReportValidator(
                Long.parseLong(property(properties, "intake.max-attachment-bytes")));
        ReportIntake intake = new ReportIntake(reportValidator, integrations, database, reports, outbox, metrics);
        registry.bind("testIssue", new TestIssue(context, integrations, reportValidator));
        registry.bind("reportIntake", intake);
        SyncRepository syncStore = new SyncRepository(database);
        ReportView reportView = new ReportView(reports, syncStore);
        registry.bind("reportView", reportView);
        int maxInFlight = Integer.parseInt(property(properties, "forward.max-in-flight"));
        InFlightTasks inFlight = new InFlightTasks(maxInFlight);
        registry.bind("outboxDispatcher", new OutboxDispatcher(outbox, reports, inFlight,
                Integer.parseInt(property(properties, "forward.batch-size")), lease));
        registry.bind("forwardSteps", new ForwardSteps(database, reports, outbox, integrations, inFlight,
                Long.parseLong(property(properties, "forward.max-attachment-bytes")), metrics));
        registry.bind("forwardFailures", new ForwardFailures(database, reports, outbox, deadLetterRows, lease,
                Long.parseLong(property(properties, "forward.initial-delay-ms")),
                Long.parseLong(property(properties, "forward.max-delay-ms")),
                Long.parseLong(property(properties, "forward.unsure-delay-ms")), metrics));
        registry.bind("deadLetters", new DeadLetters(database, deadLetterRows, reports, outbox));
        registry.bind("manualForward", new ManualForward(database, reports, outbox));
        registry.bind("demoReports", new DemoReports(intake, Path.of(property(properties, "demo.reports-file"))));
        bindSync(properties, registry, database, reports, outbox, integrations, syncStore, reportView, lease, flavour,
                metrics);
        WebhookEventRepository webhookEvents = registry.lookupByNameAndType("webhookEventRepository",
                WebhookEventRepository.class);
        // apps' webhooks carry a JWT of the app's secrets, which admin keeps: sync gets the checks, not the secrets
        registry.bind("webhookReceiver", new WebhookReceiver(integrations, webhookEvents, appWebhooks::refusal,
                metrics));
        registry.bind("dynamicWebhooks", new DynamicWebhookMaintenance(integrations, webhookEvents,
                appWebhooks::canHaveWebhooks, publicUrl, clock));
    }

    /** The two-way sync's beans (routes/sync.camel.yaml, docs/sync.md). */
    private static void bindSync(PropertiesComponent properties, Registry registry, Database database,
                                 ReportRepository reports, OutboxRepository outbox, Integrations integrations,
                                 SyncRepository syncStore, ReportView reportView, Duration lease, Flavour flavour,
                                 Metrics metrics) {
        WebhookEventRepository webhookEvents = new WebhookEventRepository(database);
        registry.bind("webhookEventRepository", webhookEvents);
        SyncApplier applier = new SyncApplier(database, syncStore);
        registry.bind("webhookEvents", new WebhookEventProcessor(webhookEvents, integrations, applier,
                Integer.parseInt(property(properties, "sync.apply-batch-size")),
                Duration.ofSeconds(Long.parseLong(property(properties, "sync.apply-lease-seconds"))),
                Duration.ofDays(Long.parseLong(property(properties, "sync.webhook-retention-days")))));
        registry.bind("syncPoller", new SyncPoller(database, integrations, syncStore, applier,
                Duration.ofSeconds(Long.parseLong(property(properties, "sync.poll-overlap-seconds")))));
        registry.bind("syncPolling", new SyncPolling(integrations, syncStore, metrics));
        InFlightTasks pushesInFlight = new InFlightTasks(Integer.parseInt(property(properties, "forward.max-in-flight")));
        registry.bind("priorityPush", new PriorityPush(database, reports, syncStore, outbox, integrations, applier,
                reportView, pushesInFlight, Integer.parseInt(property(properties, "forward.batch-size")), lease));
        registry.bind("demoWebhook", new DemoWebhook(property(properties, "demo.webhook-url"),
                property(properties, "demo.webhook-secret"), flavour == Flavour.CLOUD,
                property(properties, "demo.project")));
    }

    /**
     * The service's meters, in the registry camel-micrometer-prometheus scrapes at {@code /observe/metrics}, so
     * Camel's own meters and ours share one registry. Camel Main creates it (bean metricsRegistry) before this runs
     * when camel.metrics.enabled; otherwise one is bound here under that name, which Camel would then use too.
     */
    private static Metrics bindMetrics(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(METRICS_REGISTRY, meters);
        }
        Metrics metrics = new Metrics(meters, Clock.systemUTC());
        // also the jirarest component's JiraRestObserver, found there by type
        registry.bind(Metrics.BEAN, metrics);
        return metrics;
    }

    /** The demo integration: Basic auth against the sandbox (embedded or its own process) with its demo credentials. */
    private static Integration demoIntegration(PropertiesComponent properties, Flavour flavour) {
        boolean cloud = flavour == Flavour.CLOUD;
        Integration.Connection connection = Integration.Connection.basic(cloud ? "cloud" : "server",
                property(properties, "demo.jira-url"), AuthType.BASIC, cloud ? "demo@example.com" : null,
                cloud ? null : "admin");
        Integration.Target target = new Integration.Target(property(properties, "demo.project"),
                property(properties, "demo.issue-type"), null);
        Integration.Mapping mapping = new Integration.Mapping(null, null,
                properties.resolveProperty("demo.report-link-base").orElse(null), null);
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("autoForward", true);
        sync.put("status", true);
        sync.put("comments", true);
        sync.put("priority", true);
        // the sandbox's Server flavour is a 9.x, which cannot sign webhooks: its secret travels in the URL
        sync.put("webhookVerification", cloud ? "signature" : "token");
        properties.resolveProperty("demo.poll-cron").filter(cron -> !cron.isBlank())
                .ifPresent(cron -> sync.put("pollCron", cron.strip()));
        return new Integration("demo", "Demo (Jira sandbox)", true, connection, target, mapping, sync);
    }

    /**
     * The documented demo intake key (a fixture, like the demo webhook secret), so the README's curls work. Without
     * the demo it is revoked: a database the demo once ran on must not keep accepting a publicly known key.
     */
    private static void demoApiKey(PropertiesComponent properties, ApiKeys apiKeys) {
        String key = properties.resolveProperty("demo.api-key").orElse("").strip();
        if (Boolean.parseBoolean(property(properties, "demo.enabled")) && !key.isEmpty()) {
            apiKeys.provision(ApiKeys.DEMO_KEY_ID, "Demo intake key", key, Set.of("demo"));
        } else if (apiKeys.find(ApiKeys.DEMO_KEY_ID).filter(demo -> !demo.revoked()).isPresent()) {
            apiKeys.revoke(ApiKeys.DEMO_KEY_ID);
        }
    }

    private static Map<String, String> demoSecrets(Flavour flavour) {
        // the sandbox's documented demo credentials: fixtures, not secrets
        return flavour == Flavour.CLOUD ? Map.of("apiToken", "demo-token") : Map.of("password", "admin");
    }

    /**
     * Configuration secrets, whichever way they were given (file, -D, environment, {{env:…}}), never appear in a
     * log line, Camel's start-up property summary included (observe/LogText masks them in every line).
     */
    private static void maskSecretsInLogs(PropertiesComponent properties) {
        for (String key : SECRET_KEYS) {
            properties.resolveProperty(key).ifPresent(LogText::secret);
        }
    }

    private static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("missing configuration key " + key));
    }

    /** Ties a resource's lifetime to the CamelContext's. */
    private static void closeOnStop(CamelContext context, String name, Runnable close) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                close.run();
            }

            @Override
            public String toString() {
                return "close " + name;
            }
        }, true, true);
    }
}

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
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jirabridge.access.AdminToken;
import org.jirabridge.access.ApiAccess;
import org.jirabridge.access.ApiKeys;
import org.jirabridge.access.ApiKeysApi;
import org.jirabridge.access.ApiKeysResource;
import org.jirabridge.access.CredentialThrottle;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.api.HttpGuards;
import org.jirabridge.api.OpenPathLimits;
import org.jirabridge.auth.AtlassianHosts;
import org.jirabridge.auth.AuthType;
import org.jirabridge.authflow.AppWebhookAuthentication;
import org.jirabridge.authflow.ConnectInstallKeys;
import org.jirabridge.authflow.ConnectLifecycle;
import org.jirabridge.authflow.OAuthFlow;
import org.jirabridge.authflow.OAuthResource;
import org.jirabridge.broker.EmbeddedBroker;
import org.jirabridge.cluster.ClusteredScheduling;
import org.jirabridge.forward.DeadLetters;
import org.jirabridge.forward.DeadLettersResource;
import org.jirabridge.forward.ForwardFailures;
import org.jirabridge.forward.ForwardSteps;
import org.jirabridge.forward.ManualForward;
import org.jirabridge.forward.RetryBudget;
import org.jirabridge.forward.SiteRecovery;
import org.jirabridge.forward.SiteTasks;
import org.jirabridge.gateway.JiraGateway;
import org.jirabridge.ingest.IngestApi;
import org.jirabridge.ingest.IngestProgress;
import org.jirabridge.ingest.IngestReads;
import org.jirabridge.ingest.IngestRepository;
import org.jirabridge.ingest.IngestRun;
import org.jirabridge.ingest.IngestWebhooks;
import org.jirabridge.ingest.IngestionResource;
import org.jirabridge.intake.DemoReports;
import org.jirabridge.intake.GroupCommit;
import org.jirabridge.intake.ReportIntake;
import org.jirabridge.intake.ReportValidator;
import org.jirabridge.intake.ReportWriter;
import org.jirabridge.intake.ReportView;
import org.jirabridge.intake.ReportsResource;
import org.jirabridge.integration.BaseUrlPolicy;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.IntegrationRepository;
import org.jirabridge.integration.Integrations;
import org.jirabridge.integration.SecretVault;
import org.jirabridge.observe.LogText;
import org.jirabridge.observe.Metrics;
import org.jirabridge.outage.IntegrationHealth;
import org.jirabridge.outage.JiraSites;
import org.jirabridge.outage.JiraSitesHealth;
import org.jirabridge.outbox.Outbox;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.JiraSandbox;
import org.jirabridge.setup.ConnectionCheck;
import org.jirabridge.setup.DeclaredIntegrations;
import org.jirabridge.setup.IntegrationsApi;
import org.jirabridge.setup.IntegrationsResource;
import org.jirabridge.setup.Pickers;
import org.jirabridge.setup.TargetValidator;
import org.jirabridge.setup.TestIssue;
import org.jirabridge.store.ApiKeyRepository;
import org.jirabridge.store.Database;
import org.jirabridge.store.DeadLetterRepository;
import org.jirabridge.store.OAuthPendingRepository;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.OwnerOnlyFiles;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.SiteWaitRepository;
import org.jirabridge.store.SyncRepository;
import org.jirabridge.store.WebhookEventRepository;
import org.jirabridge.sync.DemoWebhook;
import org.jirabridge.sync.DynamicWebhookMaintenance;
import org.jirabridge.sync.PriorityPush;
import org.jirabridge.sync.ReportSyncResource;
import org.jirabridge.sync.SyncApplier;
import org.jirabridge.sync.SyncPoller;
import org.jirabridge.sync.SyncPolling;
import org.jirabridge.sync.WebhookEventProcessor;
import org.jirabridge.sync.WebhookReceiver;
import org.jirabridge.ui.WebPage;
import org.jirabridge.ui.WebSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the service's beans from config/application.properties and binds them under the names routes use. */
public final class JiraBridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(JiraBridgeConfiguration.class);
    private static final String DEMO = "demo";

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
        if (ClusteredScheduling.wanted(property(properties, "scheduler.clustered"), database)) {
            ClusteredScheduling.configure(context, database,
                    Long.parseLong(property(properties, "scheduler.cluster-checkin-ms")),
                    Long.parseLong(property(properties, "scheduler.misfire-threshold-ms")));
        }
        ClusteredScheduling.warnAboutLocalSecrets(database, properties.resolveProperty("vault.key").orElse(""),
                properties.resolveProperty("security.admin-token").orElse(""));
        ReportRepository reports = new ReportRepository(database);
        OutboxRepository outbox = new OutboxRepository(database);
        metrics.watchOutbox(outbox::pending);
        DeadLetterRepository deadLetterRows = new DeadLetterRepository(database);
        SecretVault vault = SecretVault.open(properties.resolveProperty("vault.key").orElse(""),
                Path.of(property(properties, "vault.key-file")));
        // the files H2 created (with the process's umask) become owner-only too
        h2File.ifPresent(OwnerOnlyFiles::protect);
        bindBroker(context, properties, registry);
        Flavour flavour = Flavour.valueOf(property(properties, "sandbox.flavour").toUpperCase());
        AtlassianHosts hosts = new AtlassianHosts(property(properties, "atlassian.auth-url"),
                property(properties, "atlassian.api-url"));
        String installKeysUrl = property(properties, "atlassian.connect-install-keys-url");
        String sandboxUrl = null;
        if (Boolean.parseBoolean(property(properties, "sandbox.enabled"))) {
            String sandboxDataDir = properties.resolveProperty("sandbox.data-dir").orElse("").trim();
            JiraSandbox sandbox = JiraSandbox.start(Integer.parseInt(property(properties, "sandbox.port")), flavour,
                    sandboxDataDir.isEmpty() ? null : Path.of(sandboxDataDir));
            sandboxUrl = sandbox.baseUrl();
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
            seedDemo(properties, integrations, flavour, sandboxUrl);
        }
        demoApiKey(properties, apiKeys);
        new DeclaredIntegrations(integrations, properties::parseUri)
                .apply(Path.of(property(properties, "integrations.declared-dir")));
        String publicUrl = property(properties, "service.public-url");
        OAuthFlow oauthFlow = new OAuthFlow(integrations, new OAuthPendingRepository(database), vault, publicUrl,
                clock);
        registry.bind("oauthResource", new OAuthResource(oauthFlow));
        // the one way beans call Jira (docs/architecture.md)
        JiraGateway jira = new JiraGateway(context, integrations);
        registry.bind("jiraGateway", jira);
        ConnectionCheck connectionCheck = new ConnectionCheck(integrations, clock, jira);
        registry.bind("connectLifecycle", new ConnectLifecycle(integrations, publicUrl,
                new ConnectInstallKeys(installKeysUrl), clock));
        AppWebhookAuthentication appWebhooks = new AppWebhookAuthentication(integrations, clock);

        Duration lease = Duration.ofSeconds(Long.parseLong(property(properties, "forward.lease-seconds")));
        registry.bind("integrations", integrations);
        HealthCheckRegistry.get(context).register(new IntegrationHealth(integrations, database));
        // reports parked on a bad credential resume, in order, as soon as the credential changes
        integrations.onCredentialsChanged(outbox::resumeParked);
        IntegrationsApi integrationsApi = new IntegrationsApi(integrations, new TargetValidator(jira));
        registry.bind("integrationsApi", integrationsApi);
        Pickers pickers = new Pickers(integrations, jira);
        registry.bind("apiResponses", new ApiResponses());
        AdminToken adminToken = AdminToken.open(properties.resolveProperty("security.admin-token").orElse(""),
                Path.of(property(properties, "security.admin-token-file")));
        registry.bind("apiKeysResource", new ApiKeysResource(new ApiKeysApi(apiKeys,
                id -> integrations.find(id).isPresent())));
        context.addStartupListener(new HttpGuards(Integer.parseInt(property(properties, "camel.server.port")),
                new ApiAccess(adminToken, apiKeys, new CredentialThrottle(
                        Integer.parseInt(property(properties, "security.failed-credentials-limit")),
                        Duration.ofSeconds(Long.parseLong(property(properties, "security.failed-credentials-window-seconds"))),
                        clock), Boolean.parseBoolean(property(properties, "security.metrics-open"))),
                new OpenPathLimits(Long.parseLong(property(properties, "security.open-max-body-bytes")),
                        Integer.parseInt(property(properties, "security.open-max-in-flight")))));
        // the setup web page under /ui/, signed in with the admin credential
        context.addStartupListener(new WebPage(Integer.parseInt(property(properties, "camel.server.port")),
                adminToken, new WebSessions(clock,
                Duration.ofMinutes(Long.parseLong(property(properties, "ui.session-idle-minutes"))),
                Duration.ofHours(Long.parseLong(property(properties, "ui.session-max-hours")))), publicUrl, clock));
        ReportValidator reportValidator = new ReportValidator(
                Long.parseLong(property(properties, "intake.max-attachment-bytes")));
        GroupCommit<ReportWriter.NewReport, ReportIntake.Accepted> groupCommit = new GroupCommit<>(database,
                Integer.parseInt(property(properties, "intake.group-commit-max-batch")),
                groupCommitters(property(properties, "intake.group-committers"), database),
                new ReportWriter(reports, outbox));
        // registered after the database, so stopped before it: what is queued is committed while the pool is open
        closeOnStop(context, "intake group commit", groupCommit::close);
        ReportIntake intake = new ReportIntake(reportValidator, integrations, groupCommit, metrics);
        TestIssue testIssue = new TestIssue(integrations, jira);
        registry.bind("integrationsResource", new IntegrationsResource(integrationsApi, pickers, testIssue,
                connectionCheck, reportValidator));
        registry.bind("reportIntake", intake);
        SyncRepository syncStore = new SyncRepository(database);
        ReportView reportView = new ReportView(reports, syncStore);
        registry.bind("reportsResource", new ReportsResource(reportValidator, intake, reportView));
        // one claim for every task kind (routes/outbox.camel.yaml); the forward.* keys size it
        Outbox tasks = new Outbox(outbox, reports, Integer.parseInt(property(properties, "forward.max-in-flight")),
                Integer.parseInt(property(properties, "forward.batch-size")), lease,
                Duration.ofMillis(Long.parseLong(property(properties, "forward.poll-interval-ms"))));
        registry.bind("outbox", tasks);
        registry.bind("forwardSteps", new ForwardSteps(database, reports, outbox, integrations,
                Long.parseLong(property(properties, "forward.max-attachment-bytes")), metrics));
        JiraSites sites = bindOutage(properties, registry, context, database, reports, outbox, deadLetterRows,
                integrations, metrics, clock);
        registry.bind("forwardFailures", new ForwardFailures(database, reports, outbox, deadLetterRows, tasks,
                registry.lookupByNameAndType("forwardRetries", RetryBudget.class), sites, metrics));
        ManualForward manualForward = new ManualForward(database, reports, outbox);
        registry.bind("deadLettersResource", new DeadLettersResource(
                registry.lookupByNameAndType("deadLetters", DeadLetters.class), manualForward));
        registry.bind("demoReports", new DemoReports(intake, Path.of(property(properties, "demo.reports-file"))));
        bindSync(properties, registry, database, reports, outbox, integrations, syncStore, flavour, metrics);
        WebhookEventRepository webhookEvents = registry.lookupByNameAndType("webhookEventRepository",
                WebhookEventRepository.class);
        // apps' webhooks carry a JWT of the app's secrets, which admin keeps: sync gets the checks, not the secrets
        WebhookReceiver webhookReceiver = new WebhookReceiver(integrations, webhookEvents, appWebhooks::refusal,
                metrics);
        registry.bind("webhookReceiver", webhookReceiver);
        registry.bind("reportSyncResource", new ReportSyncResource(
                registry.lookupByNameAndType("priorityPush", PriorityPush.class), webhookReceiver, reportView::get));
        // deliveries refused for a missing webhook secret are verified again whenever the integration is saved
        integrations.onCredentialsChanged(webhookReceiver::verifyRefused);
        // and at start: a secret set by the demo seed or a declared file while the service was down counts too
        integrations.list().forEach(integration -> webhookReceiver.verifyRefused(integration.id()));
        registry.bind("dynamicWebhooks", new DynamicWebhookMaintenance(integrations, webhookEvents,
                appWebhooks::canHaveWebhooks, publicUrl, clock));
        bindIngest(context, properties, registry, database, integrations, clock);
    }

    /** The Jira data import's beans (routes/ingest.camel.yaml, docs/ingest.md). */
    private static void bindIngest(CamelContext context, PropertiesComponent properties, Registry registry,
                                   Database database, Integrations integrations, Clock clock) {
        IngestRepository store = new IngestRepository(database);
        IngestProgress progress = new IngestProgress(clock,
                Duration.ofMillis(Long.parseLong(property(properties, "ingest.progress-log-ms"))));
        IngestRun run = new IngestRun(store, integrations, progress, clock,
                Duration.ofSeconds(Long.parseLong(property(properties, "ingest.overlap-seconds"))),
                Integer.parseInt(property(properties, "ingest.page-size")),
                Integer.parseInt(property(properties, "ingest.max-pages-per-run")),
                Duration.ofMillis(Long.parseLong(property(properties, "ingest.sweep-interval-ms"))),
                Duration.ofMillis(Long.parseLong(property(properties, "ingest.reference-interval-ms"))));
        registry.bind("ingestion", run);
        org.apache.camel.ProducerTemplate template = context.createProducerTemplate();
        IngestApi ingestionApi = new IngestApi(store, new IngestReads(database), integrations, progress, run,
                id -> template.sendBody("seda:ingest-run", id));
        registry.bind("ingestionResource", new IngestionResource(ingestionApi));
        // jira:issue_deleted webhooks mark imported issues deleted at once
        IngestWebhooks webhooks = new IngestWebhooks(store, clock);
        registry.lookupByNameAndType("webhookEvents", WebhookEventProcessor.class).observe(webhooks::seen);
    }

    /**
     * Outages of Jira sites (docs/outage.md): the breaker per site (also the jirarest component's guard, found by
     * type), the retry budget of the error handler, the tasks that wait for their site and the watch that resumes them.
     */
    private static JiraSites bindOutage(PropertiesComponent properties, Registry registry, CamelContext context,
                                        Database database, ReportRepository reports, OutboxRepository outbox,
                                        DeadLetterRepository deadLetterRows, Integrations integrations,
                                        Metrics metrics, Clock clock) {
        JiraSites sites = new JiraSites(integrations,
                exchange -> exchange.getMessage().getHeader(BridgeHeaders.OUTBOX_ID, Long.class),
                new JiraSites.Settings(Integer.parseInt(property(properties, "jira-site.failure-window")),
                        Float.parseFloat(property(properties, "jira-site.failure-rate-percent")),
                        Duration.ofMillis(Long.parseLong(property(properties, "jira-site.first-probe-after-ms"))),
                        Duration.ofMillis(Long.parseLong(property(properties, "jira-site.max-probe-interval-ms"))),
                        Duration.ofMillis(Long.parseLong(property(properties, "jira-site.probe-timeout-ms")))),
                metrics, clock);
        registry.bind("jiraSites", sites);
        HealthCheckRegistry.get(context).register(new JiraSitesHealth(sites));
        SiteWaitRepository waits = new SiteWaitRepository(database);
        Duration budget = Duration.ofSeconds(Long.parseLong(property(properties, "forward.retry-budget-seconds")));
        registry.bind("forwardRetries", new RetryBudget(
                Long.parseLong(property(properties, "forward.initial-delay-ms")),
                Long.parseLong(property(properties, "forward.max-delay-ms")),
                Long.parseLong(property(properties, "forward.unsure-delay-ms")),
                Integer.parseInt(property(properties, "forward.max-redeliveries")), budget, waits::queuedAt, clock));
        registry.bind("siteTasks", new SiteTasks(sites, waits));
        DeadLetters deadLetters = new DeadLetters(database, deadLetterRows, reports, outbox);
        registry.bind("deadLetters", deadLetters);
        registry.bind("siteRecovery", new SiteRecovery(sites, waits, deadLetters, database, deadLetterRows, reports,
                budget, Duration.ofMillis(Long.parseLong(property(properties, "jira-site.probe-timeout-ms"))),
                Boolean.parseBoolean(property(properties, "jira-site.replay-dead-letters"))));
        return sites;
    }

    /**
     * Queue intake's broker: the AMQP connection factory camel-amqp uses (bean amqpConnectionFactory), and the embedded
     * Artemis broker when {@code broker.embedded}. The factory connects only when a route uses it.
     */
    private static void bindBroker(CamelContext context, PropertiesComponent properties, Registry registry)
            throws Exception {
        String user = property(properties, "broker.user");
        String password = properties.resolveProperty("broker.password").orElse("");
        if (Boolean.parseBoolean(property(properties, "broker.embedded"))) {
            EmbeddedBroker broker = EmbeddedBroker.start(property(properties, "broker.host"),
                    Integer.parseInt(property(properties, "broker.port")), property(properties, "broker.data-dir"),
                    user, password);
            closeOnStop(context, "broker", broker::close);
        }
        registry.bind("amqpConnectionFactory", password.isEmpty()
                ? new JmsConnectionFactory(property(properties, "broker.url"))
                : new JmsConnectionFactory(user, password, property(properties, "broker.url")));
    }

    /** The two-way sync's beans (routes/sync.camel.yaml, docs/sync.md). */
    private static void bindSync(PropertiesComponent properties, Registry registry, Database database,
                                 ReportRepository reports, OutboxRepository outbox, Integrations integrations,
                                 SyncRepository syncStore, Flavour flavour, Metrics metrics) {
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
        registry.bind("priorityPush", new PriorityPush(database, reports, syncStore, outbox, integrations, applier));
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

    /**
     * Saves the demo integration, unless someone edited it since it was seeded: a restart keeps their edits (the
     * seed marks its secrets, which an edit through the API replaces). With no sandbox and no demo.jira-url there is
     * no Jira to demonstrate with: the demo is switched off for this run, with one line saying how to point it at one.
     */
    private static void seedDemo(PropertiesComponent properties, Integrations integrations, Flavour flavour,
                                 String sandboxUrl) {
        String jiraUrl = properties.resolveProperty("demo.jira-url").orElse("").strip();
        if (jiraUrl.isEmpty()) {
            jiraUrl = sandboxUrl;
        }
        if (jiraUrl == null) {
            LOG.warn("demo: off for this run, as there is no Jira for it: the embedded sandbox is off"
                    + " (sandbox.enabled=false) and demo.jira-url is empty. Start a sandbox (java -jar"
                    + " target/jira-bridge.jar sandbox --port 8081) and add -Ddemo.jira-url=http://localhost:8081, or"
                    + " set demo.enabled=false");
            properties.addOverrideProperty("demo.enabled", "false");
            properties.addOverrideProperty("demo.send-samples", "false");
            return;
        }
        if (integrations.find(DEMO).isPresent() && !integrations.isSeeded(DEMO)) {
            LOG.info("demo: keeping the demo integration as you edited it (restarts do not reset it; PUT it back or"
                    + " start on a fresh data/ to get the original)");
            return;
        }
        Map<String, String> secrets = new LinkedHashMap<>(demoSecrets(flavour));
        secrets.put("webhookSecret", property(properties, "demo.webhook-secret"));
        integrations.saveSeed(demoIntegration(properties, flavour, jiraUrl), secrets);
    }

    /** The demo integration: Basic auth against the sandbox (embedded or its own process) with its demo credentials. */
    private static Integration demoIntegration(PropertiesComponent properties, Flavour flavour, String jiraUrl) {
        boolean cloud = flavour == Flavour.CLOUD;
        Integration.Connection connection = Integration.Connection.basic(cloud ? "cloud" : "server",
                jiraUrl, AuthType.BASIC, cloud ? "demo@example.com" : null,
                cloud ? null : "admin");
        Integration.Target target = new Integration.Target(property(properties, "demo.project"),
                property(properties, "demo.issue-type"), null);
        Integration.Mapping mapping = new Integration.Mapping(null, null,
                properties.resolveProperty("demo.report-link-base").orElse(null), null);
        String pollCron = properties.resolveProperty("demo.poll-cron").filter(cron -> !cron.isBlank())
                .map(String::strip).orElse(null);
        // the sandbox's Server flavour is a 9.x, which cannot sign webhooks: its secret travels in the URL
        Integration.Sync sync = new Integration.Sync(true, true, true, true, pollCron, cloud ? "signature" : "token");
        return new Integration(DEMO, "Demo (Jira sandbox)", true, connection, target, mapping, sync);
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

    /**
     * How many group transactions may be under way at once: {@code auto} is one on H2, which writes one commit at a
     * time, and two on PostgreSQL, where a transaction mostly waits on round trips and the log flush.
     */
    static int groupCommitters(String configured, Database database) {
        if (!"auto".equalsIgnoreCase(configured.strip())) {
            return Integer.parseInt(configured.strip());
        }
        return "h2".equals(database.vendor()) ? 1 : 2;
    }

    private static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("missing configuration key " + key));
    }

    /**
     * Closes a resource once the CamelContext has stopped completely: after every route has drained (shutdownTimeout)
     * and every service has stopped, so no route still working when the context stops finds its database closed.
     */
    private static void closeOnStop(CamelContext context, String name, Runnable close) throws Exception {
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event.getType() == CamelEvent.Type.CamelContextStopped;
            }

            @Override
            public void notify(CamelEvent event) {
                close.run();
            }

            @Override
            public String toString() {
                return "close " + name;
            }
        });
    }
}

package org.jirabridge.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package graph docs/architecture.md draws, checked on the compiled main classes. */
@AnalyzeClasses(packages = "org.jirabridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The application: everything that knows integrations, reports, the store or the HTTP API. */
    private static final String[] APPLICATION = {"org.jirabridge", "org.jirabridge.integration..",
        "org.jirabridge.setup..", "org.jirabridge.authflow..", "org.jirabridge.intake..", "org.jirabridge.forward..",
        "org.jirabridge.sync..", "org.jirabridge.ingest..", "org.jirabridge.ui..", "org.jirabridge.access..",
        "org.jirabridge.api..", "org.jirabridge.store..", "org.jirabridge.observe..", "org.jirabridge.outage..",
        "org.jirabridge.broker..", "org.jirabridge.cluster..", "org.jirabridge.outbox.."};

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.jirabridge.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule integrationIsAtTheBottom = noClasses().that().resideInAPackage("org.jirabridge.integration..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jirabridge", "org.jirabridge.setup..",
                    "org.jirabridge.authflow..", "org.jirabridge.intake..", "org.jirabridge.forward..",
                    "org.jirabridge.sync..", "org.jirabridge.ingest..", "org.jirabridge.ui..",
                    "org.jirabridge.access..", "org.jirabridge.broker..", "org.jirabridge.cluster..",
                    "org.jirabridge.outbox..",
                    // the HTTP layer: the error contract, the request guards, and Camel's exchange
                    "org.jirabridge.api..", "org.apache.camel", "io.vertx..")
            .because("integrations are the domain every other part stands on (docs/architecture.md)");

    @ArchTest
    static final ArchRule outboxIsBelowItsTaskKinds = noClasses().that().resideInAPackage("org.jirabridge.outbox..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jirabridge", "org.jirabridge.forward..",
                    "org.jirabridge.sync..", "org.jirabridge.intake..", "org.jirabridge.setup..", "org.jirabridge.ui..")
            .because("one outbox claims every task kind; the kinds' routes and beans stand on it, not it on them");

    @ArchTest
    static final ArchRule syncKnowsNothingOfForwardingOrIntake = noClasses().that()
            .resideInAPackage("org.jirabridge.sync..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jirabridge.forward..", "org.jirabridge.intake..")
            .because("the priority push is a task kind of the outbox, not a copy of forwarding; its answer, the"
                    + " report's view, is a step of its route");

    @ArchTest
    static final ArchRule libraryPartsKnowNoApplication = noClasses()
            .that().resideInAnyPackage("org.jirabridge.component..", "org.jirabridge.mapping..",
                    "org.jirabridge.sandbox..", "org.jirabridge.auth..", "org.jirabridge.report..",
                    "org.jirabridge.routing..")
            .should().dependOnClassesThat().resideInAnyPackage(APPLICATION)
            .because("the jirarest component, the mapping functions, the sandbox and the auth strategies stand alone");

    @ArchTest
    static final ArchRule mappingIsPure = noClasses().that().resideInAPackage("org.jirabridge.mapping..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.jirabridge.sandbox..",
                    "org.jirabridge.auth..")
            .because("mapping is pure functions from a report and its mapping to a Jira payload");

    @ArchTest
    static final ArchRule javaCallsJiraThroughTheGateway = noClasses()
            .that().resideOutsideOfPackages("org.jirabridge", "org.jirabridge.gateway..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.camel.ProducerTemplate")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.camel.FluentProducerTemplate")
            .because("routes call jirarest: themselves, and Java code that must call Jira uses gateway.JiraGateway");

    @ArchTest
    static final ArchRule theApisDomainBeansKnowNoExchange = noClasses()
            .that().haveNameMatching("org\\.jirabridge\\.(setup\\.(IntegrationsApi|Pickers|TestIssue|ConnectionCheck)"
                    + "|ingest\\.IngestApi|authflow\\.OAuthFlow|intake\\.ReportView|access\\.ApiKeysApi"
                    + "|forward\\.(DeadLetters|ManualForward))")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.camel.Exchange")
            .orShould().dependOnClassesThat().resideInAPackage("io.vertx..")
            .because("the v1 API's domain beans take and return records; only their *Resource adapters read the"
                    + " exchange (docs/architecture.md, the HTTP layer)");
}

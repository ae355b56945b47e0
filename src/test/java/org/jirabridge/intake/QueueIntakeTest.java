package org.jirabridge.intake;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reports from the queue endpoint take the same validation and storage as HTTP ones, and are forwarded. */
class QueueIntakeTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud()
            .with(Map.of("intake.queue-uri", "seda:test-reports"));

    @Test
    void aQueuedReportIsStoredAndForwardedAndAnInvalidOneIsNot() {
        ProducerTemplate template = service.camelContext().createProducerTemplate();
        ReportIntake intake = service.bean("reportIntake", ReportIntake.class);
        long before = countReports();

        // one seda consumer takes messages in order: once the valid one is stored, the invalid one was handled
        template.sendBody("seda:test-reports", "{\"title\": 7}");
        template.sendBody("seda:test-reports", "{\"title\": \"From the queue\", \"externalId\": \"q-1\"}");

        await().atMost(Duration.ofSeconds(30)).until(() -> countReports() == before + 1);
        // the same externalId again through HTTP-side intake finds the queued report
        ReportIntake.Accepted again = intake.accept("{\"title\": \"From the queue\", \"externalId\": \"q-1\"}");
        assertThat(again.created()).isFalse();
        service.awaitReportStatus(again.id(), "FORWARDED", Duration.ofSeconds(30));
        assertThat(countReports()).isEqualTo(before + 1);
    }

    private static long countReports() {
        return service.count("SELECT COUNT(*) FROM report");
    }
}

package org.jirabridge.intake;

import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jirabridge.intake.ReportIntake.Accepted;
import org.jirabridge.intake.ReportWriter.NewReport;
import org.jirabridge.store.Database;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;
import org.jirabridge.testsupport.StoreRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One group transaction's reports are written as batches: each new report with its outbox task (when its integration
 * forwards) and its broker message id; a retry in the same batch or a later one stores nothing twice.
 */
class ReportWriterTest {

    private Database database;
    private ReportWriter writer;

    @BeforeEach
    void open() {
        database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
        writer = new ReportWriter(new ReportRepository(database), new OutboxRepository(database));
        database.inTransaction(c -> {
            StoreRows.integration(c, "i");
            StoreRows.integration(c, "j");
            return null;
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void newReportsAreStoredWithTheirTasksAndDeliveries() {
        List<Accepted> answers = write(List.of(report("a", null, true, null), report("b", null, false, null),
                report("c", null, true, "msg-1")));

        assertThat(answers).extracting(Accepted::id).containsExactly("a", "b", "c");
        assertThat(answers).allMatch(Accepted::created);
        assertThat(count("SELECT COUNT(*) FROM report")).isEqualTo(3);
        // only the reports whose integration forwards get a task
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE kind = 'FORWARD'")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE report_id = 'b'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM report WHERE id = 'c' AND delivery_id = 'msg-1'")).isEqualTo(1);
    }

    @Test
    void aRetryInTheSameBatchGetsTheFirstOnesIdAndStoresNothing() {
        List<Accepted> answers = write(List.of(report("first", "ext-1", true, null), report("retry", "ext-1", true, null),
                report("m1", null, true, "msg-9"), report("m2", null, true, "msg-9")));

        assertThat(answers).extracting(Accepted::id).containsExactly("first", "first", "m1", "m1");
        assertThat(answers).extracting(Accepted::created).containsExactly(true, false, true, false);
        assertThat(count("SELECT COUNT(*) FROM report")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM outbox")).isEqualTo(2);
    }

    @Test
    void aRetryInALaterBatchFindsTheStoredReport() {
        write(List.of(report("first", "ext-2", true, "msg-2")));

        List<Accepted> answers = write(List.of(report("again", "ext-2", true, null),
                report("redelivered", null, true, "msg-2")));

        assertThat(answers).extracting(Accepted::id).containsExactly("first", "first");
        assertThat(answers).noneMatch(Accepted::created);
        assertThat(count("SELECT COUNT(*) FROM report")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox")).isEqualTo(1);
    }

    @Test
    void oneBatchFindsWhatEachIntegrationStoredBeforeUnderItsOwnExternalIds() {
        write(List.of(report("i-first", "i", "shared", true, null), report("j-first", "j", "only-j", true, "msg-j")));

        // "shared" is known to integration i only; in integration j it is a new report
        List<Accepted> answers = write(List.of(report("i-again", "i", "shared", true, null),
                report("j-new", "j", "shared", true, null), report("j-again", "j", "only-j", true, null),
                report("j-redelivered", "j", null, true, "msg-j")));

        assertThat(answers).extracting(Accepted::id).containsExactly("i-first", "j-new", "j-first", "j-first");
        assertThat(answers).extracting(Accepted::created).containsExactly(false, true, false, false);
        assertThat(count("SELECT COUNT(*) FROM report")).isEqualTo(3);
    }

    private List<Accepted> write(List<NewReport> batch) {
        return database.inTransaction(c -> writer.run(c, batch));
    }

    private static NewReport report(String id, String externalId, boolean forward, String deliveryId) {
        return report(id, "i", externalId, forward, deliveryId);
    }

    private static NewReport report(String id, String integrationId, String externalId, boolean forward,
                                    String deliveryId) {
        OffsetDateTime now = OffsetDateTime.now();
        return new NewReport(new StoredReport(id, integrationId, externalId, "bug", "Major", "t " + id, "{}",
                ReportStatus.RECEIVED, null, null, null, null, null, 0, null, now, now), forward, deliveryId);
    }

    private int count(String sql) {
        return database.inTransaction(c -> {
            try (ResultSet rows = c.createStatement().executeQuery(sql)) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }
}

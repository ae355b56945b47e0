package org.jirabridge.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the sample reports of config/demo-reports.json through intake, for the demo. Bound as {@code demoReports}. */
public final class DemoReports {

    private static final Logger LOG = LoggerFactory.getLogger(DemoReports.class);

    private final ReportIntake intake;
    private final Path file;

    public DemoReports(ReportIntake intake, Path file) {
        this.intake = intake;
        this.file = file;
    }

    /** Submits every sample report; returns their ids. */
    public List<String> submit() throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode sample : Json.MAPPER.readTree(Files.readString(file))) {
            ReportIntake.Accepted accepted = intake.acceptFrom(Json.write(sample), "demo");
            LOG.info("demo: report {} {}: {}", accepted.id(),
                    accepted.created() ? "received" : "already known (" + accepted.status() + ")",
                    sample.path("title").asText());
            ids.add(accepted.id());
        }
        return ids;
    }
}

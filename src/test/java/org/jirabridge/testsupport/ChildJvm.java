package org.jirabridge.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JVM started by a test with this test's class path; the test stops it by this handle, also when it fails. */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with system properties and arguments; output goes to target/child-logs/{name}.log. */
    public static ChildJvm start(String name, String mainClass, Map<String, String> systemProperties,
                                 String... args) {
        return start(name, mainClass, systemProperties, Map.of(), Path.of("."), args);
    }

    /** As above, with extra environment variables and a working directory of its own. */
    public static ChildJvm start(String name, String mainClass, Map<String, String> systemProperties,
                                 Map<String, String> environment, Path workingDirectory, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        // absolute, so a child in another working directory finds the same classes
        command.add(absoluteClassPath());
        command.add(mainClass);
        command.addAll(List.of(args));
        try {
            Path logs = Files.createDirectories(Path.of("target", "child-logs"));
            Path log = logs.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).directory(workingDirectory.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ChildJvm(process, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + mainClass, e);
        }
    }

    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no graceful stop, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        kill();
    }
}

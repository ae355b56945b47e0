package org.jirabridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jirabridge.testsupport.PostgresServer;

/**
 * A real PostgreSQL for bench/*.sh (which have no server of their own): starts one on a free port, writes a fresh
 * database's JDBC URL to the file named by the first argument, and runs until it is stopped (SIGTERM stops the server).
 */
public final class PostgresForBench {

    public static void main(String[] args) throws IOException, InterruptedException {
        PostgresServer postgres = PostgresServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        Path urlFile = Path.of(args[0]);
        Files.writeString(urlFile.resolveSibling(urlFile.getFileName() + ".tmp"), postgres.newDatabase());
        Files.move(urlFile.resolveSibling(urlFile.getFileName() + ".tmp"), urlFile);
        Thread.currentThread().join();
    }
}

#!/usr/bin/env bash
# Benchmark: importing one big project (N issues, 4 comments and 3 transitions each) next to reading the same data
# from the sandbox directly; the service runs with a 256 MB heap, the sandbox in its own JVM with 2 GB.
# Usage: bench/ingest.sh [issues=50000] [cloud|server] [h2|postgresql]; appends a row to bench/results/ingest.md.
# The store: H2 in a file (the embedded default) or a real PostgreSQL started for the run (the production store).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -Xmx256m -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    org.jirabridge.bench.IngestBenchmark "${1:-50000}" "${2:-cloud}" "${3:-h2}" 2>&1 \
    | grep -E "^RESULT|^seeded|^direct|^import|^second|ERROR|Exception" || true

#!/usr/bin/env bash
# Benchmark: the sandbox's data dir (sandbox.data-dir) with many issues: seed, edits, restart, edits after it.
# Usage: bench/sandbox-data-dir.sh [issues=50000]; appends a row to bench/results/sandbox-data-dir.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -Xmx1g -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    org.jirabridge.bench.SandboxDataDirBenchmark "${1:-50000}" 2>&1 | grep -E "^RESULT|ERROR|Exception" || true

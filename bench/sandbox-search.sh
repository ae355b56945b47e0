#!/usr/bin/env bash
# Benchmark: the sandbox serving search pages of 100 issues from one big bulk-seeded project (sandbox JVM -Xmx1g;
# N issues with 4 comments and 3 transitions each), every page of `project = BIG ORDER BY updated` read in turn.
# Target: 1,000 issues/s or more with 50,000 issues, within the 1 GB heap.
# Usage: bench/sandbox-search.sh [issues=50000] [cloud|server]; appends a row to bench/results/sandbox-search.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -Xmx256m -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    org.jirabridge.bench.SandboxSearchBenchmark "${1:-50000}" "${2:-cloud}" 2>&1 \
    | grep -E "^RESULT|^seeded|ERROR|Exception" || true

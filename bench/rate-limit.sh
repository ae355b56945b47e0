#!/usr/bin/env bash
# Benchmark: sustained forwarding against the sandbox limited to R requests per second.
# Usage: bench/rate-limit.sh [R=20] [reports=600]; appends a row to bench/results/rate-limit.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    org.jirabridge.bench.RateLimitBenchmark "${1:-20}" "${2:-600}" 2>&1 | grep -E "^RESULT|ERROR|Exception" || true

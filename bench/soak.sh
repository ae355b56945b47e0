#!/usr/bin/env bash
# Soak: ScaleOutTest (three nodes on one PostgreSQL, HTTP and broker intake, faults, a SIGKILLed node) with 1,000
# reports instead of the suite's 180. Usage: bench/soak.sh [reports per channel, default 500]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o test -Dtest=ScaleOutTest -Dscaleout.per-channel="${1:-500}" -Dsurefire.failIfNoSpecifiedTests=false

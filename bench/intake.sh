#!/usr/bin/env bash
# Benchmark: durable intake (POST /api/v1/reports, forwarding paused) on H2 and on PostgreSQL, side by side with a
# bare camel-main app answering 202 (bench/bare, built and started here). wrk: 2 threads, CONNECTIONS (16) for
# DURATION (20 s); then the same connections paced to about 1,000 reports/s (bench/post-report-paced.lua) for the
# p99 at that rate.
# Appends a row per store to bench/results/intake.md.
# Usage: bench/intake.sh   (SKIP_BUILD=1 to reuse target/; needs wrk: apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build

mkdir -p "$BENCH_DIR/bare"
javac -d "$BENCH_DIR/bare" -cp "target/lib/*" bench/bare/BareApp.java
BARE_PORT=$(free_port)
java -Dport="$BARE_PORT" -cp "target/lib/*:$BENCH_DIR/bare" BareApp > "$BENCH_DIR/bare.log" 2>&1 &
BARE_PID=$!
PIDS+=($BARE_PID)
wait_for "http://localhost:$BARE_PORT/bare"
run_wrk "http://localhost:$BARE_PORT/bare" bench/post-report.lua > /dev/null   # warm-up
read -r BARE_RPS BARE_P99 _ < <(run_wrk "http://localhost:$BARE_PORT/bare" bench/post-report.lua)
kill "$BARE_PID"; wait "$BARE_PID" 2>/dev/null || true
echo "bare camel-main 202: $BARE_RPS req/s, p99 $BARE_P99 ms"

start_postgres
RESULTS=bench/results/intake.md
[ -f "$RESULTS" ] || cat > "$RESULTS" <<'HEAD'
# Durable intake

Produced by `bench/intake.sh`: wrk (2 threads, 16 connections, 20 s) POSTs one small report per request with
forwarding paused; each 202 means the report and its outbox row are committed. Side by side with a bare camel-main
app (one platform-http route answering 202) measured in the same run. Target: at least 15% of the bare app.

| when | store | reports/s | p99 ms | non-2xx | bare app req/s | bare p99 ms | of bare | paced reports/s | paced p99 ms |
|---|---|---|---|---|---|---|---|---|---|
HEAD
for store in h2 postgresql; do
  port=$(free_port)
  if [ "$store" = h2 ]; then
    url="jdbc:h2:file:./$BENCH_DIR/h2-$(date +%s);WRITE_DELAY=0"; user=sa
  else
    url="$PG_URL"; user=postgres
  fi
  # forwarding paused (the process claims nothing: forward.max-in-flight=0), so only intake is measured
  start_service "$port" "$url" "$user" -Dsandbox.port="$(free_port)" -Dforward.max-in-flight=0
  run_wrk "http://localhost:$port/api/v1/reports" bench/post-report.lua > /dev/null   # warm-up
  read -r RPS P99 NON2XX < <(run_wrk "http://localhost:$port/api/v1/reports" bench/post-report.lua)
  # the same reports paced to about 1,000/s: the latency a steady load of that size sees
  read -r RPS1K P99_1K NON2XX1K < <(run_wrk "http://localhost:$port/api/v1/reports" bench/post-report-paced.lua)
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  SHARE=$(awk -v a="$RPS" -v b="$BARE_RPS" 'BEGIN {printf "%.1f%%", 100 * a / b}')
  echo "$store: $RPS reports/s, p99 $P99 ms, non-2xx $NON2XX ($SHARE of the bare app); paced: $RPS1K reports/s, p99 $P99_1K ms, non-2xx $NON2XX1K"
  echo "| $(date -u +%FT%TZ) | $store | $RPS | $P99 | $NON2XX | $BARE_RPS | $BARE_P99 | $SHARE | $RPS1K | $P99_1K |" >> "$RESULTS"
done

#!/usr/bin/env bash
# Benchmark: forwarded reports per second next to the sandbox's own raw create rate, measured in one run against one
# sandbox process. Every create first waits CREATE_DELAY_MS (100) in the sandbox, like a real Jira's create; both
# sides see it, with the same number of creates in flight. Raw: wrk (2 threads, CONNECTIONS=16, DURATION=20 s) POSTs
# issues straight to the sandbox. Forwarded: REPORTS (6000) reports are stored with forwarding paused, then forwarding
# is switched on (a service restart, forward.concurrency = CONNECTIONS) and timed from its (REPORTS/2)th create to its
# last: the first half is the warm-up, as wrk's first run is for the raw rate (the restarted JVM's JIT compiles for
# about 30 s on 2 cores; a quarter of 2000 measured it still compiling). On H2 and on PostgreSQL. Appends rows to
# bench/results/forward.md.
# Usage: bench/forward.sh   (SKIP_BUILD=1 to reuse target/; FORWARD_OPTS="-Dforward.concurrency=24" passes settings
# to the forwarding service; CREATE_DELAY_MS=0 lets the sandbox answer at once; needs wrk: apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build
REPORTS=${REPORTS:-6000}
CONNECTIONS=${CONNECTIONS:-16}
WARMUP=$((REPORTS / 2))

SANDBOX_PORT=$(free_port)
java -jar target/jira-bridge.jar sandbox --port "$SANDBOX_PORT" --flavour cloud > "$BENCH_DIR/sandbox.log" 2>&1 &
PIDS+=($!)
SANDBOX=http://localhost:$SANDBOX_PORT
wait_for "$SANDBOX/rest/api/2/serverInfo"
# every create waits CREATE_DELAY_MS in the sandbox first (its delay fault), like a real Jira's create latency; an
# in-memory sandbox answering at once measures how fast 2 cores run a sandbox, not what a Jira site accepts
CREATE_DELAY_MS=${CREATE_DELAY_MS:-100}
arm_create_delay() {
  if [ "$CREATE_DELAY_MS" -gt 0 ]; then
    curl -s -o /dev/null -XPOST "$SANDBOX/_sandbox/faults" \
      -d "{\"path\":\"/rest/api/3/issue\",\"method\":\"POST\",\"delayMs\":$CREATE_DELAY_MS,\"rate\":1}"
  fi
}
arm_create_delay
run_wrk "$SANDBOX/rest/api/3/issue" bench/create-issue.lua > /dev/null   # warm-up
read -r RAW_RPS RAW_P99 _ < <(run_wrk "$SANDBOX/rest/api/3/issue" bench/create-issue.lua)
echo "sandbox raw create: $RAW_RPS issues/s (p99 $RAW_P99 ms)"

created() {  # issues the sandbox created (201 answers to POST /rest/api/3/issue) since its stats were cleared
  curl -s "$SANDBOX/_sandbox/stats" | python3 -c 'import json,sys
print(sum(r["count"] for r in json.load(sys.stdin)["requests"]
          if r["method"] == "POST" and r["path"] == "/rest/api/3/issue" and r["status"] == 201))'
}

start_postgres
RESULTS=bench/results/forward.md
[ -f "$RESULTS" ] || cat > "$RESULTS" <<'HEAD'
# Forwarding throughput

Produced by `bench/forward.sh`: the sandbox's raw create rate (wrk, 2 threads, 16 connections, 20 s, straight to
the sandbox) and, against the same sandbox process, REPORTS reports forwarded by one node from a full outbox (stored
with forwarding paused, then forwarding switched on), timed from the first create to the last. Target: forwarded/s
at least 0.8 of the raw rate.

| when | store | reports | forwarded/s | raw creates/s | ratio | issues created |
|---|---|---|---|---|---|---|
HEAD
for store in h2 postgresql; do
  curl -s -XPOST "$SANDBOX/_sandbox/reset" > /dev/null
  arm_create_delay
  curl -s -XDELETE "$SANDBOX/_sandbox/stats" > /dev/null
  port=$(free_port)
  if [ "$store" = h2 ]; then
    url="jdbc:h2:file:./$BENCH_DIR/h2-forward-$(date +%s);WRITE_DELAY=0"; user=sa
  else
    url="$PG_URL"; user=postgres
  fi
  # the demo integration points at the sandbox process above (without demo.jira-url it stays off: no intake key)
  common=(-Dsandbox.enabled=false -Ddemo.jira-url="$SANDBOX")
  # 1. fill the outbox with forwarding paused
  # forward.max-in-flight=0: the process claims nothing, so forwarding is paused (a kill leaves no claim behind)
  start_service "$port" "$url" "$user" "${common[@]}" -Dforward.max-in-flight=0
  ACCEPTED=$(timeout 600 bash -c "
    seq $REPORTS | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' -XPOST localhost:$port/api/v1/reports \
      -H 'Authorization: Bearer demo-api-key' -H 'Content-Type: application/json' \
      -d '{\"title\": \"Forward bench {}\"}'" | grep -c '^202$' || true)
  # a run that stored nothing would wait below for creates that never come
  [ "$ACCEPTED" -eq "$REPORTS" ] || { echo "$store: only $ACCEPTED of $REPORTS reports accepted" >&2; exit 1; }
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  # the outbox timer's first tick comes a second after start, before the long interval: what it forwarded then is
  # left out of the timed part
  EARLY=$(created)
  EXPECTED=$((REPORTS - EARLY))
  curl -s -XDELETE "$SANDBOX/_sandbox/stats" > /dev/null
  # 2. forwarding on, with as many creates in flight as wrk had connections: timed from the end of the warm-up (the
  # first half of the creates) to the last create
  start_service "$port" "$url" "$user" "${common[@]}" -Dforward.concurrency="$CONNECTIONS" ${FORWARD_OPTS:-}
  deadline=$((SECONDS + 300))
  until [ "$(created)" -ge "$WARMUP" ]; do
    [ $SECONDS -lt $deadline ] || { echo "$store: not $WARMUP issues created within 300 s" >&2; exit 1; }
    sleep 0.1
  done
  START=$(date +%s.%N)
  AT_START=$(created)
  deadline=$((SECONDS + 900))
  until [ "$(created)" -ge "$EXPECTED" ] || [ $SECONDS -ge $deadline ]; do sleep 0.5; done
  END=$(date +%s.%N)
  CREATED=$(created)
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  RATE=$(awk -v n="$((CREATED - AT_START))" -v a="$START" -v b="$END" 'BEGIN {printf "%.1f", n / (b - a)}')
  RATIO=$(awk -v a="$RATE" -v b="$RAW_RPS" 'BEGIN {printf "%.2f", a / b}')
  echo "$store: $RATE forwarded/s ($RATIO of raw $RAW_RPS), $((CREATED - AT_START)) creates timed ($((EARLY + AT_START)) before)"
  echo "| $(date -u +%FT%TZ) | $store, create delay $CREATE_DELAY_MS ms, $CONNECTIONS in flight${FORWARD_OPTS:+ ($FORWARD_OPTS)} | $REPORTS | $RATE | $RAW_RPS | $RATIO | $((CREATED + EARLY)) |" >> "$RESULTS"
done

# Shared by bench/intake.sh and bench/forward.sh: build once, start and stop processes by their own pid, wait on ports.
BENCH_DIR=target/bench
mkdir -p "$BENCH_DIR"
PIDS=()
# the processes, then the run's H2 files (a few GB per run: repeated runs filled a disk)
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -f "$BENCH_DIR"/h2-*.db
}
trap stop_all EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_for URL [seconds]: until it answers (any HTTP status below 500)
wait_for() {
  local deadline=$((SECONDS + ${2:-240}))
  until code=$(curl -s -o /dev/null -w '%{http_code}' "$1") && [ "$code" != 000 ] && [ "$code" -lt 500 ]; do
    [ $SECONDS -lt $deadline ] || { echo "no answer from $1" >&2; exit 1; }
    sleep 1
  done
}

build() {
  if [ -z "${SKIP_BUILD:-}" ]; then
    mvn -B -q -DskipTests package test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
  fi
}

# start_postgres: a real PostgreSQL (embedded binaries); sets PG_URL
start_postgres() {
  rm -f "$BENCH_DIR/pg-url"
  java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
      org.jirabridge.bench.PostgresForBench "$BENCH_DIR/pg-url" > "$BENCH_DIR/postgres.log" 2>&1 &
  PIDS+=($!)
  local deadline=$((SECONDS + 120))
  until [ -f "$BENCH_DIR/pg-url" ]; do [ $SECONDS -lt $deadline ] || exit 1; sleep 1; done
  PG_URL=$(cat "$BENCH_DIR/pg-url")
}

# start_service PORT JDBC_URL USER [extra -D…]: the service jar as a user runs it; sets SERVICE_PID
start_service() {
  local port=$1 url=$2 user=$3; shift 3
  java -Dcamel.server.port="$port" -Dstore.jdbc-url="$url" -Dstore.user="$user" \
       -Dvault.key-file="$BENCH_DIR/vault.key" -Dsecurity.admin-token=bench-admin-token-0123456789 \
       -Dbroker.embedded=false -Dintake.queue-uri=seda:reports-in -Dintake.dead-letter-uri=seda:dead \
       -Ddemo.send-samples=false "$@" -jar target/jira-bridge.jar > "$BENCH_DIR/service-$port.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=($SERVICE_PID)
  wait_for "http://localhost:$port/observe/health"
}

# run_wrk URL SCRIPT: prints "requests/s p99-ms"
run_wrk() {
  wrk -t2 -c"${CONNECTIONS:-16}" -d"${DURATION:-20}s" --latency -s "$2" "$1" > "$BENCH_DIR/wrk.out"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$BENCH_DIR/wrk.out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; print v}' "$BENCH_DIR/wrk.out")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $4}' "$BENCH_DIR/wrk.out")
  echo "$rps ${p99:-?} ${non2xx:-0}"
}

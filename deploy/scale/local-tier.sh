#!/usr/bin/env bash
# The collector tier on one machine, from the local builds, on free loopback ports:
#   workers (the soak harness, synthetic, with failures, slow calls, cold starts and tool failures
#   injected at known rates) -> 2 load-balancing collectors -> 2 tail-sampling collectors -> Jaeger
# then the check (benchmarks' TierCheck) of what arrived: kept turns whole, the sampled share,
# exact metrics, and, with --kill-sampler-at, what a dead sampler costs. Exit status 1 when a
# check fails. Needs benchmarks/target/benchmarks.jar (./mvnw -B verify, or package -pl benchmarks -am).
#   deploy/scale/local-tier.sh [--duration 60s] [--workers 4] [--turns-per-second 25]
#       [--routine-percent 10] [--kill-sampler-at 40] (seconds into the run; 0: no kill)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=60; workers=4; rate=25; routine=10; kill_at=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="${2%s}" ;;
    --workers) workers="$2" ;;
    --turns-per-second) rate="$2" ;;
    --routine-percent) routine="$2" ;;
    --kill-sampler-at) kill_at="${2%s}" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "no $jar: ./mvnw -B -q package -DskipTests -pl benchmarks -am" >&2; exit 2; }

# Jaeger as a set of its own (memory storage, moved ports); the collectors on free ports.
# Its ports (4317..16686 + the offset) stay below the kernel's ephemeral range (32768 up), where
# an outgoing connection's local port could already hold one; the collectors take free ports.
export OTEL_LLM_PORT_OFFSET=$((10100 + RANDOM % 5000))
export JAEGER_STORAGE=memory
source deploy/local/lib.sh
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  deploy/local/jaeger.sh stop >/dev/null || true
  if [ -n "${TIER_KEEP:-}" ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
  rm -rf "$home/run-$OTEL_LLM_PORT_OFFSET"
}
failed() {
  echo "Collector tier: FAILED at line $1 (exit status $2); last lines of its logs:" >&2
  tail -n 5 "$work"/*.log "$work"/*.out "$home/run-$OTEL_LLM_PORT_OFFSET"/*.log >&2 2>/dev/null || true
}
trap 'failed $LINENO $?' ERR
trap cleanup EXIT
deploy/local/collector.sh build >/dev/null
collector="$(deploy/local/collector.sh path)"
deploy/local/jaeger.sh start >/dev/null

# A slow call is 600 ms against a 500 ms threshold; a turn lasts at most ~1 s; the workers export
# every 500 ms: every span of a turn reaches its sampler within ~2 s of the first, so 5 s of
# decision wait holds each turn whole (deploy/scale/tail-sampler.yaml says how to size it).
decision_wait=5
samplers=(); sampler_pids=(); telemetry=(); processes=()
for i in 1 2; do
  port=$(free_port); tel=$(free_port)
  TIER_OTLP_GRPC_PORT=$port TIER_TELEMETRY_PORT=$tel TIER_JAEGER_ENDPOINT="localhost:$JAEGER_OTLP_GRPC_PORT" \
    TIER_DECISION_WAIT=${decision_wait}s TIER_NUM_TRACES=50000 TIER_SLOW_CALL_MS=500 \
    TIER_ROUTINE_PERCENT=$routine \
    "$collector" --config deploy/scale/tail-sampler.yaml >"$work/sampler-$i.log" 2>&1 &
  pids+=($!); sampler_pids+=($!); processes+=(--process "sampler-$i=$!")
  samplers+=("localhost:$port"); telemetry+=(--telemetry "sampler-$i=http://localhost:$tel/metrics")
done
lb_ports=(); metrics=(); balancer_logs=()
list="[$(IFS=,; echo "${samplers[*]}")]"
for i in 1 2; do
  port=$(free_port); prom=$(free_port); tel=$(free_port)
  TIER_OTLP_GRPC_PORT=$port TIER_OTLP_HTTP_PORT=$(free_port) TIER_PROMETHEUS_PORT=$prom \
    TIER_TELEMETRY_PORT=$tel TIER_SAMPLERS="$list" TIER_RETRY_FOR=5s \
    "$collector" --config deploy/scale/load-balancer.yaml >"$work/lb-$i.log" 2>&1 &
  pids+=($!); processes+=(--process "lb-$i=$!")
  lb_ports+=("$port"); metrics+=(--metrics "http://localhost:$prom/metrics")
  telemetry+=(--telemetry "lb-$i=http://localhost:$tel/metrics")
  balancer_logs+=(--balancer-log "$work/lb-$i.log")
done
for _ in $(seq 1 60); do
  up=0
  for p in "${lb_ports[@]}" "${samplers[@]##*:}"; do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && up=$((up + 1))
  done
  [ "$up" = 4 ] && break
  sleep 0.5
done
[ "$up" = 4 ] || { echo "the tier did not come up; logs:" >&2; tail -n 5 "$work"/*.log >&2; exit 1; }

echo "Collector tier: $workers workers x $rate turns/s for ${duration}s -> 2 load balancers -> 2 tail samplers (routine ${routine} %) -> Jaeger"
worker_pids=()
for i in $(seq 1 "$workers"); do
  lb="${lb_ports[$(((i - 1) % 2))]}"
  java -Xmx256m -cp "$jar" io.otelllm.benchmarks.Soak --synthetic true --duration "${duration}s" \
    --sample "${duration}s" --turns-per-second "$rate" --collector "http://localhost:$lb" \
    --service-name "tier-worker-$i" --seed "$i" --trace-log "$work/worker-$i.spans" \
    --inject-errors 0.02 --inject-slow 0.02 --slow-call 600ms --inject-cold 0.02 --inject-tool-errors 0.01 \
    --otel otel.bsp.schedule.delay=500 --otel otel.metric.export.interval=5000 \
    >"$work/worker-$i.out" 2>&1 &
  worker_pids+=($!)
done
killed=()
if [ "$kill_at" -gt 0 ]; then
  sleep "$kill_at"
  kill -9 "${sampler_pids[1]}"
  killed=(--killed-at "$(date +%s%3N)")
  echo "Killed sampler-2 at ${kill_at}s"
fi
for pid in "${worker_pids[@]}"; do
  wait "$pid" || { echo "a worker failed:" >&2; cat "$work"/worker-*.out >&2; exit 1; }
done
# Every turn has ended and been exported; give the samplers their decision wait and the exporters
# a batch before asking Jaeger.
sleep $((decision_wait + 4))
grep -h "^After close" "$work"/worker-*.out
java -cp "$jar" io.otelllm.benchmarks.TierCheck --trace-logs "$work" \
  --jaeger "http://localhost:$JAEGER_QUERY_HTTP_PORT" "${metrics[@]}" "${telemetry[@]}" "${balancer_logs[@]}" \
  "${processes[@]}" "${killed[@]}" --settle $(((decision_wait + 3) * 1000)) --routine-percent "$routine"

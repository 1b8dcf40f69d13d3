#!/usr/bin/env bash
# The OpenTelemetry Collector (release v0.161.0: the core components, and the contrib
# loadbalancing exporter and tail-sampling processor for deploy/scale) without Docker, built from
# the Go module proxy (collector-tool/), run on loopback with deploy/local/collector.yaml:
# OTLP in on 14317 (gRPC) / 14318 (HTTP), out to the local Jaeger on 4317.
#   deploy/local/collector.sh build|start|stop|status|path
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=collector
tool_dir="$here/collector-tool"
package=.
source "$here/lib.sh"
bin="$home/bin/otelcol-0.161.0"
config="$here/collector.yaml"
# The exporter's sending queue, on disk: what waits for Jaeger survives a restart of the collector.
export COLLECTOR_QUEUE_DIRECTORY="${COLLECTOR_QUEUE_DIRECTORY:-$home/collector-queue$suffix}"
ready() { (exec 3<>"/dev/tcp/127.0.0.1/$COLLECTOR_OTLP_GRPC_PORT") 2>/dev/null; }
ready=ready
endpoints() {
  echo "collector: OTLP HTTP    http://localhost:$COLLECTOR_OTLP_HTTP_PORT  (otel-llm's and the Java agent's default protocol)"
  echo "collector: OTLP gRPC    http://localhost:$COLLECTOR_OTLP_GRPC_PORT"
  echo "collector: Prometheus   http://localhost:$COLLECTOR_PROMETHEUS_PORT/metrics  (the GenAI metrics)"
  echo "collector: exports to   $JAEGER_OTLP_GRPC_ENDPOINT (queue on disk in $COLLECTOR_QUEUE_DIRECTORY)"
  echo "collector: pid file and log in $run"
}
svc_main "$@"

#!/usr/bin/env bash
# The OpenTelemetry Collector (core components of release v0.165.0) without Docker, built from
# the Go module proxy (collector-tool/), run on loopback with deploy/local/collector.yaml:
# OTLP in on 14317 (gRPC) / 14318 (HTTP), out to the local Jaeger on 4317.
#   deploy/local/collector.sh build|start|stop|status|path
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=collector
tool_dir="$here/collector-tool"
package=.
source "$here/lib.sh"
bin="$home/bin/otelcol-0.165.0"
config="$here/collector.yaml"
# The exporter's sending queue, on disk: what waits for Jaeger survives a restart of the collector.
export COLLECTOR_QUEUE_DIRECTORY="${COLLECTOR_QUEUE_DIRECTORY:-$home/collector-queue}"
ready() { (exec 3<>"/dev/tcp/127.0.0.1/${COLLECTOR_OTLP_GRPC_PORT:-14317}") 2>/dev/null; }
ready=ready
endpoints() {
  echo "collector: OTLP gRPC  http://localhost:${COLLECTOR_OTLP_GRPC_PORT:-14317}"
  echo "collector: OTLP HTTP  http://localhost:${COLLECTOR_OTLP_HTTP_PORT:-14318}"
  echo "collector: exports to ${JAEGER_OTLP_GRPC_ENDPOINT:-localhost:4317} (queue on disk in $COLLECTOR_QUEUE_DIRECTORY)"
}
svc_main "$@"

#!/usr/bin/env bash
# Jaeger 2.13.0 without Docker: built from the Go module proxy (the Go module
# github.com/jaegertracing/jaeger v1.76.0 is the same commit as Jaeger 2.13.0, pinned in
# jaeger-tool/go.mod with Jaeger's own replace), run on loopback with deploy/jaeger/config.yaml.
#   deploy/local/jaeger.sh build|start|stop|status|path
# Binary, pid file and log live under $OTEL_LLM_HOME (default ~/.cache/otel-llm).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=jaeger
tool_dir="$here/jaeger-tool"
package=github.com/jaegertracing/jaeger/cmd/jaeger
source "$here/lib.sh"
bin="$home/bin/jaeger-2.13.0"
config="$here/../jaeger/config.yaml"
ready() { curl -fsS "http://localhost:${JAEGER_HEALTH_PORT:-13133}/status" >/dev/null 2>&1; }
ready=ready
endpoints() {
  echo "jaeger: OTLP gRPC  http://localhost:${JAEGER_OTLP_GRPC_PORT:-4317}"
  echo "jaeger: OTLP HTTP  http://localhost:${JAEGER_OTLP_HTTP_PORT:-4318}"
  echo "jaeger: UI + API   http://localhost:${JAEGER_QUERY_HTTP_PORT:-16686}  (a binary built this way serves a placeholder UI page; the API is complete)"
  echo "jaeger: health     http://localhost:${JAEGER_HEALTH_PORT:-13133}/status"
}
svc_main "$@"

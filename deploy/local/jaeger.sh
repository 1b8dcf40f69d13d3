#!/usr/bin/env bash
# Jaeger 2.13.0 without Docker: built from the Go module proxy (the Go module
# github.com/jaegertracing/jaeger v1.76.0 is the same commit as Jaeger 2.13.0, pinned in
# jaeger-tool/go.mod with Jaeger's own replace), run on loopback with deploy/jaeger/config.yaml.
#   deploy/local/jaeger.sh build|start|stop|status|path
# A binary built this way has no UI of its own: set JAEGER_UI_ASSETS to a directory holding
# jaeger-ui's built files (the assets.tar.gz of jaeger-ui's v2.20.0 release, unpacked) to serve it.
# Traces persist in Badger (deploy/jaeger/badger.yaml) under $OTEL_LLM_HOME/jaeger-data (or
# JAEGER_BADGER_DIRECTORY), kept JAEGER_RETENTION (default 168h): a restart keeps them.
# JAEGER_STORAGE=memory keeps them in memory instead (gone with the process).
# Binary, pid file and log live under $OTEL_LLM_HOME (default ~/.cache/otel-llm).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=jaeger
tool_dir="$here/jaeger-tool"
package=github.com/jaegertracing/jaeger/cmd/jaeger
source "$here/lib.sh"
bin="$home/bin/jaeger-2.13.0"
config="$here/../jaeger/config.yaml"
storage="${JAEGER_STORAGE:-badger}"
case "$storage" in
  badger)
    export JAEGER_BADGER_DIRECTORY="${JAEGER_BADGER_DIRECTORY:-$home/jaeger-data$suffix}"
    launch() {
      mkdir -p "$JAEGER_BADGER_DIRECTORY"
      exec "$bin" --config "$config" --config "$here/../jaeger/badger.yaml"
    }
    stored="Badger in $JAEGER_BADGER_DIRECTORY, kept ${JAEGER_RETENTION:-168h}"
    ;;
  memory) stored="memory (gone when Jaeger stops)" ;;
  *) echo "jaeger: JAEGER_STORAGE must be badger or memory, was '$storage'" >&2; exit 2 ;;
esac
if [ -n "${JAEGER_UI_ASSETS:-}" ]; then
  [ -f "$JAEGER_UI_ASSETS/index.html" ] || { echo "jaeger: JAEGER_UI_ASSETS=$JAEGER_UI_ASSETS has no index.html" >&2; exit 2; }
  JAEGER_UI_ASSETS="$(cd "$JAEGER_UI_ASSETS" && pwd)"
  export JAEGER_UI_ASSETS
  ui="the Jaeger UI from $JAEGER_UI_ASSETS"
else
  ui="a placeholder page: for the real UI, unpack the assets.tar.gz of jaeger-ui's v2.20.0 release and set JAEGER_UI_ASSETS to that directory"
fi
ready() { curl -fsS "http://localhost:$JAEGER_HEALTH_PORT/status" >/dev/null 2>&1; }
ready=ready
endpoints() {
  echo "jaeger: OTLP HTTP  http://localhost:$JAEGER_OTLP_HTTP_PORT  (otel-llm's and the Java agent's default protocol)"
  echo "jaeger: OTLP gRPC  http://localhost:$JAEGER_OTLP_GRPC_PORT"
  echo "jaeger: UI + API   http://localhost:$JAEGER_QUERY_HTTP_PORT  ($ui)"
  echo "jaeger: query gRPC localhost:$JAEGER_QUERY_GRPC_PORT"
  echo "jaeger: health     http://localhost:$JAEGER_HEALTH_PORT/status"
  echo "jaeger: metrics    http://localhost:$JAEGER_METRICS_PORT/metrics  (Jaeger's own)"
  echo "jaeger: storage    $stored"
  echo "jaeger: pid file and log in $run"
}
svc_main "$@"

# Shared by jaeger.sh, collector.sh and ollama.sh: build a Go tool module from the Go module proxy
# into $OTEL_LLM_HOME/bin, and run it on loopback with a pid file and a log in $OTEL_LLM_HOME/run.
# Callers set: name, tool_dir, package, bin, ready (a command that succeeds when ready), endpoints
# (a function printing where it listens), and either config (run as `$bin --config $config`) or a
# function `launch` that starts the process in the background. Optional: a function
# `before_build`, an array `build_env` (VAR=value for go build), `build_ldflags`, and a function
# `after_start` (run once the service is ready).
home="${OTEL_LLM_HOME:-$HOME/.cache/otel-llm}"
# A second set of local services (a second developer, CI beside a running stack) is one variable:
# OTEL_LLM_PORT_OFFSET=100 moves every port below by 100 and gives the set its own pid files, logs,
# Jaeger data and collector queue. Each variable still wins when set.
offset="${OTEL_LLM_PORT_OFFSET:-0}"
[[ "$offset" =~ ^[0-9]+$ ]] || { echo "OTEL_LLM_PORT_OFFSET must be a whole number, was '$offset'" >&2; exit 2; }
suffix=""; [ "$offset" = 0 ] || suffix="-$offset"
run="${OTEL_LLM_RUN:-$home/run$suffix}"  # pid files and logs
export JAEGER_OTLP_GRPC_PORT="${JAEGER_OTLP_GRPC_PORT:-$((4317 + offset))}"
export JAEGER_OTLP_HTTP_PORT="${JAEGER_OTLP_HTTP_PORT:-$((4318 + offset))}"
export JAEGER_QUERY_HTTP_PORT="${JAEGER_QUERY_HTTP_PORT:-$((16686 + offset))}"
export JAEGER_QUERY_GRPC_PORT="${JAEGER_QUERY_GRPC_PORT:-$((16685 + offset))}"
export JAEGER_HEALTH_PORT="${JAEGER_HEALTH_PORT:-$((13133 + offset))}"
export JAEGER_METRICS_PORT="${JAEGER_METRICS_PORT:-$((8888 + offset))}"
export COLLECTOR_OTLP_GRPC_PORT="${COLLECTOR_OTLP_GRPC_PORT:-$((14317 + offset))}"
export COLLECTOR_OTLP_HTTP_PORT="${COLLECTOR_OTLP_HTTP_PORT:-$((14318 + offset))}"
export COLLECTOR_PROMETHEUS_PORT="${COLLECTOR_PROMETHEUS_PORT:-$((9464 + offset))}"
export JAEGER_OTLP_GRPC_ENDPOINT="${JAEGER_OTLP_GRPC_ENDPOINT:-localhost:$JAEGER_OTLP_GRPC_PORT}"
build_env=()
build_ldflags=""

# The binary is kept per version of its tool module (go.mod, go.sum, main.go): a changed module is
# built anew, an unchanged one is reused. $bin is a symlink to the current one.
svc_build() {
  local built
  built="$bin-$(find "$tool_dir" -maxdepth 1 -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) \
    | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-12)"
  if [ -x "$built" ]; then
    ln -sfn "$(basename "$built")" "$bin"
    echo "$name: cached at $bin"
    return
  fi
  command -v go >/dev/null || { echo "$name: Go is needed to build it (https://go.dev/dl/)" >&2; exit 1; }
  mkdir -p "$(dirname "$bin")"
  if declare -F before_build >/dev/null; then before_build; fi
  echo "$name: building from the Go module proxy (first time: a few minutes)..."
  local start=$SECONDS
  (cd "$tool_dir" && env GOFLAGS=-mod=mod "${build_env[@]}" go build -ldflags "$build_ldflags" -o "$built.tmp" "$package")
  mv "$built.tmp" "$built"
  ln -sfn "$(basename "$built")" "$bin"
  echo "$name: built in $((SECONDS - start))s -> $bin"
}

svc_running() {
  [ -f "$run/$name.pid" ] && kill -0 "$(cat "$run/$name.pid")" 2>/dev/null
}

svc_start() {
  svc_build
  mkdir -p "$run"
  if svc_running; then
    echo "$name: already running (pid $(cat "$run/$name.pid"))"
    if declare -F after_start >/dev/null; then after_start; fi
    return
  fi
  if declare -F launch >/dev/null; then
    launch >"$run/$name.log" 2>&1 &
  else
    nohup "$bin" --config "$config" >"$run/$name.log" 2>&1 &
  fi
  echo $! >"$run/$name.pid"
  for _ in $(seq 1 120); do
    if $ready; then
      if declare -F after_start >/dev/null; then after_start; fi
      return
    fi
    svc_running || { echo "$name: exited; last lines of $run/$name.log:" >&2; tail -20 "$run/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$name: not ready after 60s; see $run/$name.log" >&2
  exit 1
}

svc_stop() {
  if svc_running; then
    local pid
    pid="$(cat "$run/$name.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "$name: stopped (pid $pid)"
  else
    echo "$name: not running"
  fi
  rm -f "$run/$name.pid"
}

# A free TCP port on the loopback interface.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

svc_main() {
  case "${1:-}" in
    build) svc_build ;;
    start) svc_start; endpoints ;;
    stop) svc_stop ;;
    status)
      if svc_running && $ready; then echo "$name: running (pid $(cat "$run/$name.pid"))"; endpoints;
      else echo "$name: not running"; return 1; fi ;;
    path) echo "$bin" ;;
    *) echo "usage: $0 build|start|stop|status|path" >&2; exit 2 ;;
  esac
}

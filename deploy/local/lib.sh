# Shared by jaeger.sh and collector.sh: build a Go tool module from the Go module proxy into
# $OTEL_LLM_HOME/bin, and run it on loopback with a pid file and a log in $OTEL_LLM_HOME/run.
# Callers set: name, tool_dir, package, bin, config, ready (a command that succeeds when ready).
home="${OTEL_LLM_HOME:-$HOME/.cache/otel-llm}"
run="$home/run"

svc_build() {
  if [ -x "$bin" ]; then
    echo "$name: cached at $bin"
    return
  fi
  command -v go >/dev/null || { echo "$name: Go is needed to build it (https://go.dev/dl/)" >&2; exit 1; }
  mkdir -p "$(dirname "$bin")"
  echo "$name: building from the Go module proxy (first time: a few minutes)..."
  local start=$SECONDS
  (cd "$tool_dir" && GOFLAGS=-mod=mod go build -o "$bin.tmp" "$package")
  mv "$bin.tmp" "$bin"
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
    return
  fi
  nohup "$bin" --config "$config" >"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
  for _ in $(seq 1 120); do
    $ready && return
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

#!/usr/bin/env bash
# A real Ollama v0.17.4 without Docker or a GPU: built from the Go module proxy (ollama-tool/go.mod,
# CGO, CPU only), serving two tiny random-weight models written on the spot (tiny-model/):
# `tiny-chat` (a template that accepts tools) and `tiny-embed` (64-dimension embeddings).
#   deploy/local/ollama.sh build|start|stop|status|path|url
# build: the binary (a few minutes the first time, then cached) and the models' GGUF files.
# start: `ollama serve` on a free loopback port (or $OLLAMA_PORT), models created if missing;
#        prints where it listens. url: that address, for OLLAMA_BASE_URL.
# Everything lives under $OTEL_LLM_HOME (default ~/.cache/otel-llm): binary, models, pid, log.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=ollama
tool_dir="$here/ollama-tool"
package=github.com/ollama/ollama
source "$here/lib.sh"
version=0.17.4
bin="$home/bin/ollama-$version"
state="$home/ollama"
include="$state/include"
tiny="$state/tiny-model"
venv="$state/venv"
models=(tiny-chat tiny-embed)

# Go's module zips drop every path under a vendor/ directory, so three header-only libraries that
# llama.cpp includes from llama/llama.cpp/vendor never reach the module cache: take nlohmann/json
# and stb from Debian's packages and miniaudio.h from PyPI's miniaudio sdist, into the cache only.
before_build() {
  if [ -f "$include/nlohmann/json_fwd.hpp" ] && [ -f "$include/stb/stb_image.h" ] && [ -f "$include/miniaudio/miniaudio.h" ]; then
    return
  fi
  echo "$name: fetching the headers Go's module zip leaves out (nlohmann/json, stb, miniaudio)"
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && { apt-get download nlohmann-json3-dev libstb-dev >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get download nlohmann-json3-dev libstb-dev >/dev/null; }; })
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$tmp/root"; done
  mkdir -p "$include/miniaudio"
  cp -r "$tmp/root/usr/include/nlohmann" "$tmp/root/usr/include/stb" "$include/"
  python_venv
  "$venv/bin/pip" download -q --no-deps --no-binary :all: --no-build-isolation miniaudio==1.71 -d "$tmp"
  tar -xzf "$tmp/miniaudio-1.71.tar.gz" -O miniaudio-1.71/miniaudio/miniaudio.h >"$include/miniaudio/miniaudio.h"
  rm -rf "$tmp"
}
build_env=(CGO_ENABLED=1 "CGO_CPPFLAGS=-I$include")
build_ldflags="-s -w -X github.com/ollama/ollama/version.Version=$version -X github.com/ollama/ollama/server.mode=release"

python_venv() {
  if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/tiny-model/requirements.txt" "$venv/requirements.txt"; then
    echo "$name: a Python venv for the tiny models' writer ($venv)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check wheel -r "$here/tiny-model/requirements.txt"
    cp "$here/tiny-model/requirements.txt" "$venv/requirements.txt"
  fi
}

build_models() {
  if [ -f "$tiny/tiny-chat.gguf" ] && [ -f "$tiny/tiny-embed.gguf" ] \
      && cmp -s "$here/tiny-model/make_tiny_gguf.py" "$tiny/make_tiny_gguf.py"; then
    return
  fi
  python_venv
  mkdir -p "$tiny"
  "$venv/bin/python" "$here/tiny-model/make_tiny_gguf.py" "$tiny"
  cp "$here/tiny-model/make_tiny_gguf.py" "$tiny/make_tiny_gguf.py"
}

port() { cat "$run/$name.port" 2>/dev/null || echo "${OLLAMA_PORT:-11434}"; }
url() { echo "http://127.0.0.1:$(port)"; }
ready() { curl -fsS "$(url)/api/version" >/dev/null 2>&1; }
ready=ready

launch() {
  mkdir -p "$state/models" "$state/home"
  # One request at a time per loaded model (Ollama's default, said explicitly: the queueing test
  # relies on it).
  exec env OLLAMA_HOST="127.0.0.1:$(port)" OLLAMA_MODELS="$state/models" HOME="$state/home" \
    OLLAMA_NUM_PARALLEL="${OLLAMA_NUM_PARALLEL:-1}" \
    OLLAMA_NO_CLOUD=1 nohup "$bin" serve
}

# Creates each model whose Modelfile or weights changed since it was created (0.03 s each).
after_start() {
  build_models
  for model in "${models[@]}"; do
    local stamp="$state/models/$model.created"
    local digest
    digest="$(cat "$here/tiny-model/$model.Modelfile" "$tiny/$model.gguf" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ] || ! curl -fsS "$(url)/api/tags" | grep -q "\"$model:latest\""; then
      cp "$here/tiny-model/$model.Modelfile" "$tiny/$model.Modelfile"
      (cd "$tiny" && OLLAMA_HOST="127.0.0.1:$(port)" HOME="$state/home" "$bin" create "$model" -f "$model.Modelfile" >"$run/$name-create.log" 2>&1) \
        || { echo "$name: creating $model failed:" >&2; cat "$run/$name-create.log" >&2; exit 1; }
      echo "$digest" >"$stamp"
      echo "$name: created $model"
    fi
  done
}

endpoints() {
  echo "ollama: $(url)  (models: ${models[*]}; OLLAMA_BASE_URL=$(url))"
}

case "${1:-}" in
  build) svc_build; build_models ;;
  start)
    if ! svc_running; then
      mkdir -p "$run"
      if [ -n "${OLLAMA_PORT:-}" ]; then echo "$OLLAMA_PORT" >"$run/$name.port"; else free_port >"$run/$name.port"; fi
    fi
    svc_main start ;;
  url) url ;;
  stop) svc_main stop; rm -f "$run/$name.port" ;;
  status|path) svc_main "$1" ;;
  *) echo "usage: $0 build|start|stop|status|path|url" >&2; exit 2 ;;
esac

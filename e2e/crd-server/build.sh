#!/usr/bin/env bash
# Builds a Kubernetes 1.36 CRD API server (the standalone k8s.io/apiextensions-apiserver, backed by
# etcd) from Debian sid's package archive only: Go 1.26, etcd and the golang-k8s-*-dev /
# golang-*-dev source packages are fetched with `apt-get download` through a private apt
# configuration and unpacked (dpkg -x) into a private tree. Nothing is installed into the system.
# kube-apiserver 1.20 (the e2e testbed) drops CEL rules and never estimates their cost; this server
# is what proves our CRDs install on a current cluster (docs/testing.md, "CRDs on Kubernetes 1.36").
#
# usage: build.sh        (no arguments; prints the two binaries' paths at the end)
# env:   LOGPIPELINE_CRD_SERVER_HOME   cache dir (default ~/.cache/logpipeline-crd-server); holds
#                                      crdserver, sidroot/usr/bin/etcd, debs/, gocache/, apt-sid/
#        MODE=minimal|closure          minimal: the ~82 -dev packages the build uses (26 MB of debs),
#                                      falling back to closure when sid moved on;
#                                      closure: apt's full dependency closure (~315 packages)
#        UPDATE=1                      refresh the private sid package lists first
#        K8SVER                        version stamped into the binary (default: from golang-k8s-apiserver-dev)
#
# Idempotent: returns at once when this recipe's binaries are in place (stamp file). A cold build
# takes about 150 s on 2 idle cores (1031 s measured with 2 cores shared by several builds); ~2 GB
# with the Go cache.
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
BASE=${LOGPIPELINE_CRD_SERVER_HOME:-$HOME/.cache/logpipeline-crd-server}
SIDROOT=$BASE/sidroot
APTSID=$BASE/apt-sid
MODE=${MODE:-minimal}
UPDATE=${UPDATE:-0}
GOV=1.26
K8SVER=${K8SVER:-}   # e.g. v1.36.4; default: derived from the golang-k8s-apiserver-dev version
# Written next to the binary; a different value means "built by another recipe: redo".
RECIPE="crdserver r1: go $GOV, apiextensions-apiserver from sid, /apis discovery + OpenAPI v2"
STAMP=$BASE/.recipe
NICE="nice -n 19"
T0=$(date +%s)
say() { echo "crd-server build [$(( $(date +%s) - T0 ))s] $*" >&2; }

mkdir -p "$BASE"
# Two builds may call this at once: one builds, the other waits and finds it done.
exec 9>"$BASE/.build.lock"
flock 9
if [[ $(cat "$STAMP" 2>/dev/null) == "$RECIPE" && -x $BASE/crdserver && -x $SIDROOT/usr/bin/etcd ]]; then
  say "present: $BASE/crdserver"
  echo "$BASE/crdserver"; echo "$SIDROOT/usr/bin/etcd"
  exit 0
fi
rm -f "$STAMP"

A="-o Dir::Etc::SourceList=$APTSID/etc/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$APTSID/lists -o Dir::Cache=$APTSID/cache"
mkdir -p "$APTSID/etc" "$APTSID/lists/partial" "$APTSID/cache/archives/partial" "$BASE/debs" "$SIDROOT" "$BASE/src/crdserver"
if [ ! -s "$APTSID/etc/sources.list" ]; then
  # the same Debian archive the machine already installs from, suite sid
  uri=$(grep -hsoP '^URIs:\s*\K\S+' /etc/apt/sources.list.d/*.sources | grep -v -- -security | head -1 || true)
  [ -n "$uri" ] || uri=$(grep -hsoP '^deb\s+(\[[^]]*\]\s+)?\K\S+(?=\s+bookworm)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1 || true)
  [ -n "$uri" ] || { echo "no Debian archive in /etc/apt" >&2; exit 1; }
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main" > "$APTSID/etc/sources.list"
  UPDATE=1
fi
if [ "$UPDATE" = 1 ] || ! ls "$APTSID"/lists/*_Packages* >/dev/null 2>&1; then
  say "apt-get update (private sid lists)"; apt-get $A update -qq
fi

MINIMAL_PKGS="
  golang-cel-cel-go-dev
  golang-cel-expr-dev
  golang-etcd-server-dev
  golang-github-antlr4-go-antlr-dev
  golang-github-beorn7-perks-dev
  golang-github-blang-semver-dev
  golang-github-cenkalti-backoff-v5-dev
  golang-github-cespare-xxhash-v2-dev
  golang-github-coreos-go-semver-dev
  golang-github-coreos-go-systemd-dev
  golang-github-davecgh-go-spew-dev
  golang-github-docker-spdystream-dev
  golang-github-emicklei-go-restful-dev
  golang-github-evanphx-json-patch-dev
  golang-github-felixge-httpsnoop-dev
  golang-github-fsnotify-fsnotify-dev
  golang-github-fxamacker-cbor-dev
  golang-github-go-logr-logr-dev
  golang-github-go-logr-stdr-dev
  golang-github-go-openapi-jsonpointer-dev
  golang-github-go-openapi-jsonreference-dev
  golang-github-go-openapi-swag-dev
  golang-github-gogo-protobuf-dev
  golang-github-golang-protobuf-1-5-dev
  golang-github-google-gnostic-models-dev
  golang-github-google-uuid-dev
  golang-github-gorilla-websocket-dev
  golang-github-grpc-ecosystem-go-grpc-middleware-dev
  golang-github-grpc-ecosystem-grpc-gateway-dev
  golang-github-json-iterator-go-dev
  golang-github-kylelemons-godebug-dev
  golang-github-modern-go-concurrent-dev
  golang-github-modern-go-reflect2-dev
  golang-github-munnerz-goautoneg-dev
  golang-github-mxk-go-flowrate-dev
  golang-github-nytimes-gziphandler-dev
  golang-github-pkg-errors-dev
  golang-github-pmezard-go-difflib-dev
  golang-github-prometheus-client-golang-dev
  golang-github-prometheus-client-model-dev
  golang-github-prometheus-common-dev
  golang-github-prometheus-procfs-dev
  golang-github-spf13-cobra-dev
  golang-github-spf13-pflag-dev
  golang-github-x448-float16-dev
  golang-go.uber-multierr-dev
  golang-go.uber-zap-dev
  golang-golang-x-crypto-dev
  golang-golang-x-exp-dev
  golang-golang-x-net-dev
  golang-golang-x-oauth2-dev
  golang-golang-x-sync-dev
  golang-golang-x-sys-dev
  golang-golang-x-term-dev
  golang-golang-x-text-dev
  golang-golang-x-time-dev
  golang-google-genproto-dev
  golang-google-grpc-dev
  golang-google-protobuf-dev
  golang-gopkg-inf.v0-dev
  golang-gopkg-natefinch-lumberjack.v2-dev
  golang-gopkg-yaml.v2-dev
  golang-gopkg-yaml.v3-dev
  golang-k8s-api-dev
  golang-k8s-apiextensions-apiserver-dev
  golang-k8s-apimachinery-dev
  golang-k8s-apiserver-dev
  golang-k8s-client-go-dev
  golang-k8s-component-base-dev
  golang-k8s-klog-dev
  golang-k8s-kms-dev
  golang-k8s-kube-openapi-dev
  golang-k8s-sigs-apiserver-network-proxy-dev
  golang-k8s-sigs-json-dev
  golang-k8s-sigs-randfill-dev
  golang-k8s-sigs-structured-merge-diff-v6-dev
  golang-k8s-sigs-yaml-dev
  golang-k8s-streaming-dev
  golang-k8s-utils-dev
  golang-opentelemetry-contrib-dev
  golang-opentelemetry-otel-dev
  golang-opentelemetry-proto-dev
"

fetch_and_unpack() {  # args: package names
  cd "$BASE/debs"
  # apt-get download all-or-nothing: drop names sid no longer has, report them
  local ok=() p
  if apt-get $A download "$@" >"$BASE/download.log" 2>&1; then
    ok=("$@")
  else  # apt-get download is all-or-nothing: drop names sid no longer has, retry
    for p in "$@"; do
      if apt-cache $A show "$p" >/dev/null 2>&1; then ok+=("$p"); else echo "  not in sid: $p"; fi
    done
    apt-get $A download "${ok[@]}" >"$BASE/download.log" 2>&1 || { tail "$BASE/download.log"; exit 1; }
  fi
  for p in "${ok[@]}"; do
    local deb; deb=$(ls -t "${p}"_*.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || { echo "  download failed: $p"; continue; }
    dpkg -x "$deb" "$SIDROOT"
  done
}

closure() {
  apt-cache $A depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances golang-k8s-apiextensions-apiserver-dev \
    | grep -v '^ ' | grep -E '^golang-.*-dev$' | sort -u
}

say "download + unpack Go $GOV, etcd-server (sid)"
fetch_and_unpack golang-$GOV-go golang-$GOV-src etcd-server
if [ "$MODE" = closure ]; then
  PKGS=$(closure)
else
  PKGS=$MINIMAL_PKGS
fi
say "download + unpack $(echo $PKGS | wc -w) golang -dev packages (MODE=$MODE)"
fetch_and_unpack $PKGS

# --- Go environment: GOPATH mode over Debian's /usr/share/gocode ---
export GOROOT=$SIDROOT/usr/lib/go-$GOV GOPATH=$SIDROOT/usr/share/gocode GO111MODULE=off \
       GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GOCACHE=$BASE/gocache CGO_ENABLED=0
export PATH=$GOROOT/bin:$PATH
say "$(go version)"

# --- wrapper main (main.go beside this file): upstream server + /apis discovery + OpenAPI v2 config ---
cp "$HERE/main.go" "$BASE/src/crdserver/main.go"

# missing imports? (MODE=minimal list out of date) -> fall back to the full closure once
if ! go list -deps "$BASE/src/crdserver/main.go" >/dev/null 2>"$BASE/golist.err"; then
  say "missing packages with MODE=$MODE:"; grep -o 'cannot find package "[^"]*"' "$BASE/golist.err" | sort -u | head -20
  if [ "$MODE" != closure ]; then
    say "falling back to the full dependency closure"
    fetch_and_unpack $(closure)
    go list -deps "$BASE/src/crdserver/main.go" >/dev/null
  else
    exit 1
  fi
fi

if [ -z "$K8SVER" ]; then
  v=$(dpkg-deb -f "$(ls -t "$BASE"/debs/golang-k8s-apiserver-dev_*.deb | head -1)" Version)  # e.g. 0.36.4-2
  v=${v%%-*}; K8SVER=v1.${v#0.}
fi
MAJ=1; MIN=$(echo "$K8SVER" | cut -d. -f2)
LDF="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDF="$LDF -X $p.gitMajor=$MAJ -X $p.gitMinor=$MIN -X $p.gitVersion=$K8SVER -X $p.gitTreeState=clean"
done

say "go build crdserver ($K8SVER)"
cd "$BASE"
$NICE go build -ldflags "$LDF" -o "$BASE/crdserver" ./src/crdserver/main.go
echo "$RECIPE" > "$STAMP"
say "done: $BASE/crdserver ($K8SVER)  etcd: $("$SIDROOT/usr/bin/etcd" --version | head -1)"
echo "$BASE/crdserver"; echo "$SIDROOT/usr/bin/etcd"

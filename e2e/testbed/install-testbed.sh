#!/usr/bin/env bash
# Installs the LogPipeline end-to-end testbed: a Kubernetes 1.20.2 control plane taken only from
# Debian's archive (no image registry, no container runtime, nothing from outside Debian):
#
#   etcd                       Debian package etcd-server
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
#                              compiled from Debian's kubernetes source package with Debian's Go,
#                              with the vendored reflect2 replaced by Debian's fixed release (below)
#
# All five land in the testbed bin dir. kube-apiserver, etcd and kubectl are also placed where
# fabric8 kube-api-test 7.4.0 finds them without downloading:
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/1.20.2-linux-amd64/{kube-apiserver,etcd,kubectl}
#
# Why reflect2: Kubernetes 1.20 vendors github.com/modern-go/reflect2 1.0.1, whose map iteration
# crashes binaries built with Go >= 1.18 (bookworm has 1.19): kube-apiserver dies with
# "fatal error: fault" in mapiterinit on the first custom resource it stores. Debian's
# golang-github-modern-go-reflect2-dev 1.0.2 is the fixed release; it replaces the vendored copy.
# Debian's own kubectl binary (kubernetes-client) carries the unfixed copy, so kubectl is compiled
# here too.
#
# usage: install-testbed.sh        (no arguments)
# env:   LOGPIPELINE_TESTBED_BIN   bin dir    (default ~/.cache/logpipeline-testbed/v1.20.2/bin)
#        KUBE_API_TEST_DIR         kube-api-test's dir, the same variable it reads (default ~/.kubeapitest)
#        K8S_TESTBED_BIN           an existing build to reuse when it has the fix (default ~/.cache/k8s-testbed/v1.20.2/bin)
#        GOCACHE                   Go build cache (default: the shared ~/.cache/k8s-testbed/gocache)
#
# Idempotent: returns at once when this recipe's binaries are in place; binaries installed by an
# older recipe are replaced. Needs root (or sudo) only for apt-get. Compiling all four took 849 s
# here (2 cores shared with other builds); reusing a good build takes seconds.
set -euo pipefail

K8S_VERSION=1.20.2
# Debian 12 ships Kubernetes 1.20.2 under this version string (bookworm, point release deb12u1).
DEBIAN_VERSION=1.20.5+really1.20.2-1.1+deb12u1
# Written next to the binaries; a different value means "built by another recipe: redo".
RECIPE="kubernetes $DEBIAN_VERSION, reflect2 from golang-github-modern-go-reflect2-dev"
# A source file only reflect2 >= 1.0.2 has; Go keeps file names in the binary's line table.
FIXED_REFLECT2=modern-go/reflect2/go_above_118.go
BIN_DIR=${LOGPIPELINE_TESTBED_BIN:-$HOME/.cache/logpipeline-testbed/v$K8S_VERSION/bin}
KUBE_API_TEST_BIN=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$K8S_VERSION-linux-amd64
REUSE_DIR=${K8S_TESTBED_BIN:-$HOME/.cache/k8s-testbed/v$K8S_VERSION/bin}
COMPILED=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
FOR_KUBE_API_TEST=(kube-apiserver etcd kubectl)
STAMP=.logpipeline-testbed

log() { echo "install-testbed: $*" >&2; }

installed() { # dir binaries...
  local dir=$1 b; shift
  [[ $(cat "$dir/$STAMP" 2>/dev/null) == "$RECIPE" ]] || return 1
  for b in "$@"; do [[ -x $dir/$b ]] || return 1; done
}

complete() { installed "$BIN_DIR" "${COMPILED[@]}" etcd && installed "$KUBE_API_TEST_BIN" "${FOR_KUBE_API_TEST[@]}"; }

if complete; then
  log "present: $BIN_DIR and $KUBE_API_TEST_BIN"
  exit 0
fi

[[ $(uname -s)-$(uname -m) == Linux-x86_64 ]] || { log "only linux-amd64 is supported (kube-api-test dir name)"; exit 1; }
mkdir -p "$BIN_DIR" "$KUBE_API_TEST_BIN"
# Two builds (operator tests, e2e suite) may call this at once: one installs, the other waits.
exec 9>"$BIN_DIR/.install.lock"
flock 9
if complete; then log "installed by a concurrent run"; exit 0; fi

started=$(date +%s)
SUDO=
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
apt_updated=
apt_install() {
  if [[ -z $apt_updated ]]; then $SUDO apt-get update -qq; apt_updated=1; fi
  $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# A reused or built binary is checked, not trusted: right version, and the reflect2 fix inside.
good() {
  local binary=$1 version
  if [[ $(basename "$binary") == kubectl ]]; then
    version=$("$binary" version --client 2>/dev/null) || return 1
  else
    version=$("$binary" --version 2>/dev/null) || return 1
  fi
  [[ $version == *"v$K8S_VERSION"* ]] && grep -qa "$FIXED_REFLECT2" "$binary"
}

# Copies without doubling disk use when both dirs are on one filesystem; replaces, never rewrites,
# so a process running the old file is not disturbed.
place() { ln -f "$1" "$2" 2>/dev/null || { cp -f "$1" "$2.new" && mv -f "$2.new" "$2"; }; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
rm -f "$BIN_DIR/$STAMP" "$KUBE_API_TEST_BIN/$STAMP"

# 1. The Kubernetes binaries: keep or reuse a good build, else compile.
missing=()
for b in "${COMPILED[@]}"; do
  if [[ -x $BIN_DIR/$b ]] && good "$BIN_DIR/$b"; then
    continue
  elif [[ -x $REUSE_DIR/$b ]] && good "$REUSE_DIR/$b"; then
    place "$REUSE_DIR/$b" "$BIN_DIR/$b"; log "reused $REUSE_DIR/$b"
  else
    missing+=("$b")
  fi
done

if (( ${#missing[@]} > 0 )); then
  log "compiling ${missing[*]} from Debian's kubernetes source package"
  if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    # Take the source from the same bookworm mirror the machine already installs binaries from.
    mirror=$(grep -hsoP '^URIs:\s*\K\S+' /etc/apt/sources.list.d/*.sources | grep -v -- -security | head -1 || true)
    [[ -n $mirror ]] || mirror=$(grep -hsoP '^deb\s+(\[[^]]*\]\s+)?\K\S+(?=\s+bookworm\s)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1 || true)
    [[ -n $mirror ]] || { log "no Debian bookworm mirror in /etc/apt: add one, or a deb-src line for it"; exit 1; }
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main" \
      | $SUDO tee /etc/apt/sources.list.d/logpipeline-testbed-src.list >/dev/null
  fi
  apt_install golang-go gcc libc6-dev make rsync dpkg-dev golang-github-modern-go-reflect2-dev
  cd "$WORK"
  apt-get source -qq --download-only "kubernetes=$DEBIAN_VERSION" >/dev/null 2>&1 \
    || apt-get source -qq --download-only kubernetes >/dev/null 2>&1
  # apt has already checked the files against the signed Sources index; the .dsc's own
  # signature needs the uploader's key, which a plain Debian install does not carry.
  dpkg-source -x ./kubernetes_*.dsc src >/dev/null 2>&1
  rm -rf src/vendor/github.com/modern-go/reflect2
  cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 src/vendor/github.com/modern-go/reflect2
  # 1.20's build scripts expect a GOPATH layout with the tree at k8s.io/kubernetes.
  mkdir -p gopath/src/k8s.io
  ln -s "$WORK/src" gopath/src/k8s.io/kubernetes
  cd gopath/src/k8s.io/kubernetes
  export GOPATH=$WORK/gopath GO111MODULE=off GOFLAGS=
  export GOCACHE=${GOCACHE:-$HOME/.cache/k8s-testbed/gocache}
  make generated_files >/dev/null
  pkg=k8s.io/kubernetes/vendor/k8s.io
  ldflags="-s -w -X $pkg/component-base/version.gitVersion=v$K8S_VERSION -X $pkg/component-base/version.gitMajor=1"
  ldflags+=" -X $pkg/component-base/version.gitMinor=20 -X $pkg/component-base/version.gitTreeState=clean"
  ldflags+=" -X $pkg/client-go/pkg/version.gitVersion=v$K8S_VERSION"
  for b in "${missing[@]}"; do
    go build -ldflags "$ldflags" -o "$WORK/$b" "./cmd/$b"
    good "$WORK/$b" || { log "built $b does not report v$K8S_VERSION with reflect2 fixed"; exit 1; }
    mv -f "$WORK/$b" "$BIN_DIR/$b"
    log "built $b"
  done
  cd "$WORK"
fi

# 2. etcd: Debian's etcd-server binary (Debian builds it with its fixed reflect2).
if [[ ! -x $BIN_DIR/etcd ]]; then
  command -v etcd >/dev/null || apt_install etcd-server
  place "$(command -v etcd)" "$BIN_DIR/etcd"
fi
echo "$RECIPE" > "$BIN_DIR/$STAMP"

# 3. The copy kube-api-test runs.
for b in "${FOR_KUBE_API_TEST[@]}"; do place "$BIN_DIR/$b" "$KUBE_API_TEST_BIN/$b"; done
echo "$RECIPE" > "$KUBE_API_TEST_BIN/$STAMP"

log "installed in $(( $(date +%s) - started )) s: $BIN_DIR (${COMPILED[*]} etcd) and $KUBE_API_TEST_BIN"

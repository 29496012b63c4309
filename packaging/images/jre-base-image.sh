#!/bin/sh
# Builds the images' base once and reuses it: a Debian bookworm JRE 17 rootfs (build-jre-rootfs.sh)
# wrapped as a docker-archive (rootfs-to-docker-archive.sh) that Jib takes as a tar:// base.
# Usage: jre-base-image.sh OUT.tar - rebuilt only when these scripts change (key in OUT.tar.key),
# so a warm build pays nothing; delete OUT.tar to pick up Debian's security updates.
set -eu
OUT=${1:?usage: jre-base-image.sh OUT.tar}
HERE=$(cd "$(dirname "$0")" && pwd)
KEY=$(cat "$HERE/build-jre-rootfs.sh" "$HERE/rootfs-to-docker-archive.sh" | sha256sum | cut -c1-16)
if [ -f "$OUT" ] && [ "$(cat "$OUT.key" 2>/dev/null)" = "$KEY" ]; then
  echo "jre-base-image: reusing $OUT"
  exit 0
fi
sh "$HERE/install-tools.sh"
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d "$(dirname "$OUT")/.base.XXXXXX"); trap 'rm -rf "$WORK"' EXIT
echo "jre-base-image: building $OUT (mmdebstrap, about 30 s)"
sh "$HERE/build-jre-rootfs.sh" "$WORK/rootfs.tar"
sh "$HERE/rootfs-to-docker-archive.sh" "$WORK/rootfs.tar" "$WORK/base.tar" localhost/logpipeline/jre17-base:bookworm
mv "$WORK/base.tar" "$OUT"
echo "$KEY" > "$OUT.key"

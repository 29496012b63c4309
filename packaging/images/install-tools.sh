#!/bin/sh
# Installs what the image build (-Pimages) and its container tests need, from Debian's archive:
# mmdebstrap for the JRE base, podman + runc to load and run the images. A no-op once installed.
# Run as root (CI is a fresh Debian machine); see packaging/images/README.md.
set -eu
missing=""
for tool in mmdebstrap podman runc setpriv; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -z "$missing" ] && exit 0
echo "install-tools: installing mmdebstrap podman runc (missing:$missing)"
export DEBIAN_FRONTEND=noninteractive
# Another apt run on a shared machine holds the lock for a while: wait for it instead of failing.
apt-get -o DPkg::Lock::Timeout=900 update -qq
apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
  mmdebstrap podman runc util-linux uidmap ca-certificates >/dev/null

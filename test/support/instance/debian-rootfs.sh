#!/bin/bash
# Builds (once) a Debian root filesystem for the simulated instance's real-package runs:
#   debian-rootfs.sh SUITE MIRROR CACHE_DIR
# prints the path of CACHE_DIR/rootfs-SUITE. It is what a Debian cloud image ships that the bootstrap
# relies on (curl, openssl, ca-certificates), made by debootstrap from Debian's archive, with the
# packages the bootstrap installs already downloaded into apt's cache (apt still resolves and installs
# them for real at boot). Built in a temporary directory and renamed: a half-built tree is never used.
set -euo pipefail
SUITE=$1
MIRROR=$2
CACHE=$3
TARGET="$CACHE/rootfs-$SUITE"
if [ -f "$TARGET/etc/os-release" ]; then
  echo "$TARGET"
  exit 0
fi
command -v debootstrap >/dev/null || {
  echo "the simulated Debian instances need debootstrap (apt-get install debootstrap)" >&2
  exit 3
}
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/.rootfs-$SUITE.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
debootstrap --variant=minbase --include=ca-certificates,curl,openssl "$SUITE" "$WORK/root" "$MIRROR" >&2
# What the bootstrap's apt-get install asks for, fetched now so that each boot installs from the cache.
chroot "$WORK/root" apt-get install -y -q --download-only \
  apt-transport-https ca-certificates curl gpg containerd conntrack socat ethtool >&2
mv "$WORK/root" "$TARGET.new.$$"
mv -T "$TARGET.new.$$" "$TARGET" 2>/dev/null || rm -rf "$TARGET.new.$$"
echo "$TARGET"

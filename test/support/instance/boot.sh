#!/bin/bash
# One boot of a simulated instance, run as root inside a private mount namespace (unshare -m):
#   boot.sh STAGE BOOT_NUMBER
# STAGE (a host directory) holds the stand-ins, the fixtures, profile.json, user-data and disk/, the
# instance's persistent writes (overlay upper directories): a second boot with the same STAGE is a
# reboot. /run and /tmp are fresh tmpfs each boot. Nothing here writes the host's own directories.
set -euo pipefail
STAGE=$1
BOOT=$2
OVERLAID=(etc usr opt var root srv home)

if [ "$(id -u)" -ne 0 ]; then
  echo "simulated instance: must run as root in a private mount namespace" >&2
  exit 90
fi
# Everything below is private to this namespace; refuse to go on if it is not.
mount --make-rprivate /
mount -t tmpfs -o mode=0755 kt-stage /media
mkdir /media/kt
mount --bind "$STAGE" /media/kt
# With a Debian root filesystem (real packages), its directories are the instance's lower layers
# instead of the host's; the node that runs the stand-ins and the host's DNS setting come along.
ROOTFS=""
[ ! -f "$STAGE/rootfs" ] || ROOTFS=$(cat "$STAGE/rootfs")
if [ -n "$ROOTFS" ]; then
  [ -f "$ROOTFS/etc/os-release" ] || { echo "simulated instance: no root filesystem at $ROOTFS" >&2; exit 93; }
  # The root may lie under a directory overlaid below (~/.cache under /root): keep a handle on it.
  mkdir /media/rootfs
  mount --bind "$ROOTFS" /media/rootfs
  ROOTFS=/media/rootfs
  touch /media/node
  mount --bind "${KT_SIM_NODE:?}" /media/node
  cp /etc/resolv.conf /media/resolv.conf
fi
for dir in "${OVERLAID[@]}"; do
  mkdir -p "$STAGE/disk/$dir/up" "$STAGE/disk/$dir/work"
  mount -t overlay "kt-$dir" -o "lowerdir=$ROOTFS/$dir,upperdir=$STAGE/disk/$dir/up,workdir=$STAGE/disk/$dir/work" "/$dir"
done
if [ -n "$ROOTFS" ]; then
  KT_SIM_NODE=/media/node
  cp /media/resolv.conf /etc/resolv.conf
fi
# The stand-ins run from the test's checkout, which may itself lie under /tmp (a fresh clone in CI):
# keep a handle on it before /tmp is replaced, and put it back at its own path afterwards.
CHECKOUT=${KT_SIM_CHECKOUT:?}
mkdir /media/checkout
mount --bind "$CHECKOUT" /media/checkout
mount -t tmpfs -o mode=1777 kt-tmp /tmp
mount -t tmpfs -o mode=0755 kt-run /run
if [ ! -e "$CHECKOUT/package.json" ]; then
  mkdir -p "$CHECKOUT"
  mount --bind /media/checkout "$CHECKOUT"
fi
for dir in "${OVERLAID[@]}"; do
  if [ "$(findmnt -no FSTYPE "/$dir")" != overlay ]; then
    echo "simulated instance: /$dir is not an overlay; stopping before anything is written" >&2
    exit 91
  fi
done

export PATH=/media/kt/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export KT_SIM_STAGE=/media/kt KT_SIM_BOOT=$BOOT KT_SIM_RECORDS=/media/kt/records.jsonl HOME=/root
# The stand-ins are run by the node binary that runs the tests.
export KT_SIM_NODE=${KT_SIM_NODE:?} KT_SIM_STANDIN=${KT_SIM_STANDIN:?}

if [ ! -f /var/lib/kt-sim/imaged ]; then
  # The image as the cloud provider ships it (only on the first boot).
  bash /media/kt/image.sh
  mkdir -p /var/lib/kt-sim
  touch /var/lib/kt-sim/imaged
fi

status=0
if [ "$BOOT" -eq 1 ] && [ -f /media/kt/user-data.sh ]; then
  # cloud-init runs the user data once per instance, as root, at the first boot.
  bash /media/kt/user-data.sh >/media/kt/user-data.out 2>&1 || status=$?
  echo "$status" >/media/kt/user-data.rc
fi
if [ "$BOOT" -eq 1 ] && [ -f /media/kt/ignition.json ]; then
  "$KT_SIM_NODE" "$KT_SIM_STANDIN" ignition /media/kt/ignition.json
fi
# systemd: start what is enabled for multi-user.target (oneshot services run to their end).
boot_status=0
"$KT_SIM_NODE" "$KT_SIM_STANDIN" boot-units >"/media/kt/boot-$BOOT.out" 2>&1 || boot_status=$?
echo "$boot_status" >"/media/kt/boot-$BOOT.rc"
if [ -f "/media/kt/after-boot-$BOOT.sh" ]; then
  # What the test does on the running instance (an operator's command, a timer firing).
  after_status=0
  bash "/media/kt/after-boot-$BOOT.sh" >"/media/kt/after-boot-$BOOT.out" 2>&1 || after_status=$?
  echo "$after_status" >"/media/kt/after-boot-$BOOT.rc"
fi
# Keep a copy of what the test inspects (the overlays vanish with this namespace's mounts).
rm -rf "/media/kt/after-$BOOT"
mkdir -p "/media/kt/after-$BOOT"
for path in /etc/containerd /etc/kubernetes /etc/systemd/system /etc/apt/sources.list.d /etc/yum.repos.d \
  /etc/fstab /opt/kube-tui /var/lib/kube-tui /var/lib/kubelet /var/lib/kt-sim /var/log/kube-tui-bootstrap.log /run/kt-sim \
  /var/lib/dpkg/status; do
  if [ -e "$path" ]; then
    mkdir -p "/media/kt/after-$BOOT$(dirname "$path")"
    cp -a "$path" "/media/kt/after-$BOOT$path"
  fi
done
exit "$status"

// The master's bootstrap script (object `<C>/master/bootstrap.sh`): prepares the host, mounts the
// master EBS volume at /var/lib/etcd, places the cluster CA, runs `kubeadm init`, applies the add-ons
// and installs the timer that publishes a fresh node join token to `<C>/nodes/token` every day.

import { MASTER_PHASES } from '../status.js';
import { commonFunctions, type HostOptions, scriptHeader } from './common.js';
import { installKubeletServingApprover } from './kubelet-serving.js';
import { LIB_PATH } from './lib.js';
import { heredoc, sh, shellAssignments } from './sh.js';

export const ETCD_DIR = '/var/lib/etcd';
export const TOKEN_REFRESH_SCRIPT = '/opt/kube-tui/refresh-token.sh';
export const TOKEN_REFRESH_UNIT = 'kube-tui-token-refresh';
export const CERT_RENEWAL_SCRIPT = '/opt/kube-tui/renew-certificates.sh';
export const CERT_RENEWAL_UNIT = 'kube-tui-cert-renewal';

export interface MasterScriptInput extends HostOptions {
  cluster: string;
  /** `<C>/master/` */
  masterPrefix: string;
  /** `<C>/nodes/token` */
  tokenKey: string;
  /** The master EBS volume (vol-…); without it the script looks for the /dev/sdf attachment. */
  masterVolumeId?: string;
  /** Bundle file names under `<C>/master/addons/`, in apply order. */
  addonFiles: string[];
}

const MOUNT_ETCD_VOLUME = sh`
# The master volume is attached as /dev/sdf. On Nitro instances it appears as an NVMe disk whose
# serial is the volume id without its dash; on Xen ones as /dev/sdf or /dev/xvdf.
find_etcd_device() {
  local serial device root_disk
  if [ -n "$MASTER_VOLUME_ID" ]; then
    serial=\${MASTER_VOLUME_ID//-/}
    if [ -b "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_$serial" ]; then
      readlink -f "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_$serial"
      return 0
    fi
    device=$(lsblk -dnpo NAME,SERIAL | awk -v serial="$serial" '$2 == serial { print $1; exit }')
    if [ -n "$device" ]; then
      echo "$device"
      return 0
    fi
  fi
  for device in /dev/sdf /dev/xvdf; do
    if [ -b "$device" ]; then
      readlink -f "$device"
      return 0
    fi
  done
  if [ -z "$MASTER_VOLUME_ID" ]; then
    # No id given: the one EBS disk that is neither the root disk nor partitioned.
    root_disk=$(lsblk -no PKNAME "$(findmnt -no SOURCE /)" | head -n 1)
    device=$(lsblk -dnpo NAME,MODEL | awk -v root="/dev/$root_disk" \
      '$1 != root && /Elastic Block Store/ { print $1; exit }')
    if [ -n "$device" ] && [ "$(lsblk -no NAME "$device" | wc -l)" -eq 1 ]; then
      echo "$device"
      return 0
    fi
  fi
  return 1
}

mount_etcd_volume() {
  local device status uuid fresh=false
  if mountpoint -q ${ETCD_DIR}; then
    log "${ETCD_DIR} is already mounted"
    return 0
  fi
  log "waiting for the master volume to be attached"
  device=$(retry 90 10 find_etcd_device)
  log "master volume is $device"
  status=0
  blkid -p "$device" >/dev/null 2>&1 || status=$?
  if [ "$status" -eq 2 ]; then
    log "formatting $device (it has no filesystem)"
    mkfs.ext4 -q -L kube-tui-etcd "$device"
    fresh=true
  elif [ "$status" -ne 0 ]; then
    log "cannot probe $device (blkid exit $status); refusing to format it"
    return 1
  fi
  uuid=$(blkid -s UUID -o value "$device")
  mkdir -p ${ETCD_DIR}
  if ! grep -q "^UUID=$uuid " /etc/fstab; then
    echo "UUID=$uuid ${ETCD_DIR} ext4 defaults,nofail,x-systemd.device-timeout=5min 0 2" >>/etc/fstab
  fi
  systemctl daemon-reload
  mount ${ETCD_DIR}
  if [ "$fresh" = true ]; then
    # kubeadm's preflight wants an empty data directory.
    rmdir ${ETCD_DIR}/lost+found
  fi
  chmod 0700 ${ETCD_DIR}
}
`;

export function masterScript(input: MasterScriptInput): string {
  return sh`${scriptHeader(`kube-tui master bootstrap for cluster ${input.cluster}`)}
${shellAssignments({
  MASTER_PREFIX: input.masterPrefix,
  MASTER_VOLUME_ID: input.masterVolumeId ?? '',
})}
ADDON_FILES=(${input.addonFiles.join(' ')})
${commonFunctions(input)}${MOUNT_ETCD_VOLUME}
fetch_master_files() {
  local file
  log "fetching the kubeadm configuration, the cluster CA and the add-on manifests"
  mkdir -p /etc/kubernetes/pki /opt/kube-tui/addons
  chmod 0700 /etc/kubernetes/pki
  s3_get "\${MASTER_PREFIX}kubeadm.yaml" /opt/kube-tui/kubeadm.yaml.template 0600
  s3_get "\${MASTER_PREFIX}pki/ca.crt" /etc/kubernetes/pki/ca.crt 0644
  s3_get "\${MASTER_PREFIX}pki/ca.key" /etc/kubernetes/pki/ca.key 0600
  s3_get "\${MASTER_PREFIX}refresh-token.sh" ${TOKEN_REFRESH_SCRIPT} 0700
  for file in "\${ADDON_FILES[@]}"; do
    s3_get "\${MASTER_PREFIX}addons/$file" "/opt/kube-tui/addons/$file" 0600
  done
}

kubeadm_init() {
  if [ -f /etc/kubernetes/admin.conf ]; then
    log "kubeadm init already ran"
    return 0
  fi
  render_kubeadm_config /opt/kube-tui/kubeadm.yaml.template /etc/kubernetes/kubeadm.yaml
  retry 5 20 kubeadm config images pull --config /etc/kubernetes/kubeadm.yaml
  log "running kubeadm init"
  # A master replaced on the same volume finds etcd's data there: keep it, as kube-up's disk did.
  kubeadm init --config /etc/kubernetes/kubeadm.yaml --skip-token-print \
    --ignore-preflight-errors=DirAvailable--var-lib-etcd
}

apply_addons() {
  local file
  export KUBECONFIG=/etc/kubernetes/admin.conf
  retry 60 5 kubectl get --raw /readyz >/dev/null
  for file in "\${ADDON_FILES[@]}"; do
    log "applying add-on $file"
    retry 30 10 kubectl apply -f "/opt/kube-tui/addons/$file"
  done
}

install_token_refresh() {
  log "installing the daily node token refresh"
  ${heredoc(
    `/etc/systemd/system/${TOKEN_REFRESH_UNIT}.service`,
    `[Unit]
Description=kube-tui: mint a node join token and publish it for the node group
After=kubelet.service network-online.target
Wants=network-online.target

[Service]
Type=oneshot
ExecStart=${TOKEN_REFRESH_SCRIPT}
`,
  )}
  ${heredoc(
    `/etc/systemd/system/${TOKEN_REFRESH_UNIT}.timer`,
    `[Unit]
Description=kube-tui: refresh the node join token daily (tokens live 48 h)

[Timer]
OnCalendar=daily
RandomizedDelaySec=1h
Persistent=true

[Install]
WantedBy=timers.target
`,
  )}
  systemctl daemon-reload
  systemctl enable --now ${TOKEN_REFRESH_UNIT}.timer
  # Publish one now: the token in S3 may predate this master (a replaced master, a rerun).
  systemctl start ${TOKEN_REFRESH_UNIT}.service
}

enable_kubelet() {
  systemctl enable kubelet
}

# kubeadm's certificates and admin.conf live a year; renewing monthly keeps them far from expiry.
install_certificate_renewal() {
  log "installing the monthly certificate renewal"
  ${heredoc(CERT_RENEWAL_SCRIPT, certificateRenewalScript(), '0700')}
  ${heredoc(
    `/etc/systemd/system/${CERT_RENEWAL_UNIT}.service`,
    `[Unit]
Description=kube-tui: renew kubeadm's certificates and kubeconfigs
After=kubelet.service

[Service]
Type=oneshot
ExecStart=${CERT_RENEWAL_SCRIPT}
`,
  )}
  ${heredoc(
    `/etc/systemd/system/${CERT_RENEWAL_UNIT}.timer`,
    `[Unit]
Description=kube-tui: renew kubeadm's certificates monthly (they expire after a year)

[Timer]
OnCalendar=monthly
RandomizedDelaySec=1d
Persistent=true

[Install]
WantedBy=timers.target
`,
  )}
  systemctl daemon-reload
  systemctl enable --now ${CERT_RENEWAL_UNIT}.timer
}

${installKubeletServingApprover()}
main() {
  log "bootstrapping the master of cluster $KT_CLUSTER"
  trap on_bootstrap_exit EXIT
  export KT_ALL_PHASES="${MASTER_PHASES.join(' ')}"
  # Packages first: containerd's default configuration comes from the installed containerd.
  run_phase packages prepare_host install_kubernetes enable_kubelet
  run_phase containerd configure_containerd
  run_phase kubeadm instance_identity mount_etcd_volume fetch_master_files kubeadm_init
  run_phase addons apply_addons install_token_refresh install_certificate_renewal \
    install_kubelet_serving_approver
  finish_phases
  log "master bootstrap complete"
}

main "$@"
`;
}

/**
 * Run by the monthly timer: renews every certificate kubeadm made and the kubeconfigs (admin.conf
 * included, which the token refresh uses), then restarts the control plane's static pods so they load
 * the new certificates (kubeadm's documented step after a renewal) and the kubelet.
 */
export function certificateRenewalScript(): string {
  return sh`#!/bin/bash
# kube-tui: renew kubeadm's certificates (run monthly by ${CERT_RENEWAL_UNIT}.timer).
set -euo pipefail
# shellcheck source=/dev/null
. ${LIB_PATH}
log "renewing kubeadm's certificates and kubeconfigs"
kubeadm certs renew all
# The static pods read their certificates at start: move their manifests away and back.
mkdir -p /etc/kubernetes/manifests-renewal
for manifest in kube-apiserver kube-controller-manager kube-scheduler etcd; do
  if [ -f "/etc/kubernetes/manifests/$manifest.yaml" ]; then
    mv "/etc/kubernetes/manifests/$manifest.yaml" /etc/kubernetes/manifests-renewal/
  fi
done
sleep 20
mv /etc/kubernetes/manifests-renewal/*.yaml /etc/kubernetes/manifests/ 2>/dev/null || true
rmdir /etc/kubernetes/manifests-renewal
systemctl restart kubelet
retry 60 5 kubectl --kubeconfig /etc/kubernetes/admin.conf get --raw /readyz >/dev/null
# A fresh token with the renewed admin.conf proves the token refresh works on.
systemctl start ${TOKEN_REFRESH_UNIT}.service
log "certificates renewed"
`;
}

export interface TokenRefreshInput {
  cluster: string;
  tokenKey: string;
}

/** `<C>/master/refresh-token.sh`: run by the timer; the master role may write only the token object. */
export function tokenRefreshScript(input: TokenRefreshInput): string {
  return sh`${scriptHeader(`kube-tui node join token refresh for cluster ${input.cluster}`)}
${shellAssignments({ TOKEN_KEY: input.tokenKey })}
umask 077
token=$(kubeadm token create --kubeconfig /etc/kubernetes/admin.conf --ttl 48h0m0s \
  --description 'kube-tui: node join token' --usages signing,authentication \
  --groups system:bootstrappers:kubeadm:default-node-token)
if ! [[ $token =~ ^[a-z0-9]{6}\.[a-z0-9]{16}$ ]]; then
  log "kubeadm token create returned something that is not a token"
  exit 1
fi
printf '%s' "$token" >/opt/kube-tui/node-token.new
mv -f /opt/kube-tui/node-token.new /opt/kube-tui/node-token
s3_put "$TOKEN_KEY" /opt/kube-tui/node-token
log "published a new node join token to s3 object $TOKEN_KEY"
`;
}

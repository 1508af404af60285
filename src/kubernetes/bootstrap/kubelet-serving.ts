// The master's approver of kubelet serving certificates. The kubelets run with serverTLSBootstrap, so
// each asks for a serving certificate signed by the cluster CA (signer kubernetes.io/kubelet-serving);
// Kubernetes approves none of those by itself, because only the platform knows which names a node
// may claim. This script, run every minute by a timer on the master, approves a CSR only when its
// requester is a running instance tagged with this cluster (found by its private DNS name through
// EC2 DescribeInstances, the one call it makes, signed with the master role) and every name and
// address in it is that instance's; every other serving CSR is denied. metrics-server then verifies
// the kubelets with the cluster CA instead of skipping verification.
import { LIB_PATH } from './lib.js';
import { heredoc, sh } from './sh.js';

export const KUBELET_SERVING_APPROVER_SCRIPT = '/opt/kube-tui/approve-kubelet-serving.sh';
export const KUBELET_SERVING_APPROVER_UNIT = 'kube-tui-kubelet-serving-approver';
/** The AWS actions the approver calls (the master policy must grant them; tested). */
export const KUBELET_SERVING_APPROVER_ACTIONS = ['ec2:DescribeInstances'] as const;
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';

export function kubeletServingApproverScript(): string {
  return sh`#!/bin/bash
# kube-tui: approve the kubelets' serving certificates of this cluster's instances, deny the rest
# (run every minute by ${KUBELET_SERVING_APPROVER_UNIT}.timer).
set -euo pipefail
# shellcheck source=/dev/null
. ${LIB_PATH}
export KUBECONFIG=/etc/kubernetes/admin.conf
SIGNER=${KUBELET_SERVING_SIGNER}
NODE_NAME_PATTERN='^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$'

# instance_names NODE: the names and addresses of this cluster's running instance whose private DNS
# name is NODE, one a line; nothing when no such instance exists, exit 1 when EC2 cannot be asked.
instance_names() {
  local region body answer count
  region=$(imds meta-data/placement/region) || return 1
  body="Action=DescribeInstances&Version=2016-11-15"
  body="$body&Filter.1.Name=private-dns-name&Filter.1.Value.1=$1"
  body="$body&Filter.2.Name=tag%3AKubernetesCluster&Filter.2.Value.1=$KT_CLUSTER"
  body="$body&Filter.3.Name=instance-state-name&Filter.3.Value.1=pending&Filter.3.Value.2=running"
  answer=$(ec2_query "$region" "$body") || return 1
  count=$(printf '%s\n' "$answer" | { grep -o '<instanceId>' || true; } | wc -l)
  # None: not ours. More than one: the name does not say which instance asks; approve neither.
  [ "$count" -eq 1 ] || return 0
  printf '%s\n' "$answer" \
    | grep -oE '<(privateDnsName|dnsName|privateIpAddress|ipAddress|publicIp|publicDnsName)>[^<]+</' \
    | sed -E 's/^<[^>]+>//; s/<\/$//' | sort -u
}

# refusal USERNAME GROUPS USAGES REQUEST NAMES_FILE: why the CSR must not be approved (empty: approve).
# NAMES_FILE receives the instance's names; exit 2 when EC2 could not be asked (decide next time).
refusal() {
  local username=$1 groups=$2 usages=$3 request=$4 names_file=$5 node pem subject sans entry usage
  node=\${username#system:node:}
  if [ "$node" = "$username" ] || ! [[ $node =~ $NODE_NAME_PATTERN ]]; then
    echo "requested by $username, not by a node"
    return 0
  fi
  case "$groups" in *'"system:nodes"'*) ;; *)
    echo "requester $username is not in the group system:nodes"
    return 0
    ;;
  esac
  usages=\${usages#[}
  usages=\${usages%]}
  case ",$usages," in *',"server auth",'*) ;; *)
    echo "usages $usages lack server auth"
    return 0
    ;;
  esac
  while IFS= read -r usage; do
    case "$usage" in
      '"digital signature"' | '"key encipherment"' | '"server auth"') ;;
      *)
        echo "usage $usage is not one of a serving certificate"
        return 0
        ;;
    esac
  done < <(printf '%s\n' "$usages" | tr ',' '\n')
  pem=$(printf '%s' "$request" | base64 -d 2>/dev/null) || { echo "the request is not base64"; return 0; }
  subject=$(printf '%s\n' "$pem" | openssl req -noout -subject -nameopt RFC2253 2>/dev/null) \
    || { echo "the request does not parse"; return 0; }
  if [ "$subject" != "subject=CN=$username,O=system:nodes" ]; then
    echo "its subject $subject is not CN=$username,O=system:nodes"
    return 0
  fi
  sans=$(printf '%s\n' "$pem" | openssl req -noout -text 2>/dev/null \
    | awk '/X509v3 Subject Alternative Name/ { getline; gsub(/^[[:space:]]+|[[:space:]]+$/, ""); print; exit }')
  if [ -z "$sans" ]; then
    echo "it names no DNS name or address"
    return 0
  fi
  instance_names "$node" >"$names_file" || return 2
  if ! [ -s "$names_file" ]; then
    echo "$node is not a running instance of cluster $KT_CLUSTER"
    return 0
  fi
  while IFS= read -r entry; do
    case "$entry" in
      DNS:*) entry=\${entry#DNS:} ;;
      'IP Address:'*) entry=\${entry#IP Address:} ;;
      *)
        echo "it asks for $entry, neither a DNS name nor an address"
        return 0
        ;;
    esac
    if ! grep -qxF -- "$entry" "$names_file"; then
      echo "$entry is not a name or address of instance $node"
      return 0
    fi
  done < <(printf '%s\n' "$sans" | sed 's/, /\n/g')
  return 0
}

main() {
  local list names name signer username groups usages request conditions reason status
  # Global: the EXIT trap runs after main's locals are gone.
  KT_APPROVER_WORK=$(mktemp -d)
  trap 'rm -rf "$KT_APPROVER_WORK"' EXIT
  list=$KT_APPROVER_WORK/csrs
  names=$KT_APPROVER_WORK/names
  kubectl get csr -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.signerName}{"\t"}{.spec.username}{"\t"}{.spec.groups}{"\t"}{.spec.usages}{"\t"}{.spec.request}{"\t"}{.status.conditions[*].type}{"\n"}{end}' >"$list"
  while IFS=$'\t' read -r name signer username groups usages request conditions; do
    # Only pending serving requests: other signers have their own approvers (kube-controller-manager).
    if [ "$signer" != "$SIGNER" ] || [ -n "$conditions" ]; then
      continue
    fi
    status=0
    reason=$(refusal "$username" "$groups" "$usages" "$request" "$names") || status=$?
    if [ "$status" -ne 0 ]; then
      log "csr $name: could not ask EC2 about $username; deciding next time"
    elif [ -z "$reason" ]; then
      log "csr $name: approving the serving certificate of $username"
      kubectl certificate approve "$name" >/dev/null </dev/null
    else
      log "csr $name: denying: $reason"
      kubectl certificate deny "$name" >/dev/null </dev/null
    fi
  done <"$list"
}

main "$@"
`;
}

/** Shell that installs the approver and its timer on the master (after kubeadm init: it needs admin.conf). */
export function installKubeletServingApprover(): string {
  return sh`
install_kubelet_serving_approver() {
  log "installing the approver of kubelet serving certificates"
  ${heredoc(KUBELET_SERVING_APPROVER_SCRIPT, kubeletServingApproverScript(), '0700')}
  ${heredoc(
    `/etc/systemd/system/${KUBELET_SERVING_APPROVER_UNIT}.service`,
    `[Unit]
Description=kube-tui: approve kubelet serving certificates of this cluster's instances
After=kubelet.service network-online.target
Wants=network-online.target

[Service]
Type=oneshot
ExecStart=${KUBELET_SERVING_APPROVER_SCRIPT}
`,
  )}
  ${heredoc(
    `/etc/systemd/system/${KUBELET_SERVING_APPROVER_UNIT}.timer`,
    `[Unit]
Description=kube-tui: approve kubelet serving certificates every minute

[Timer]
OnBootSec=1min
OnUnitActiveSec=1min
AccuracySec=10s

[Install]
WantedBy=timers.target
`,
  )}
  systemctl daemon-reload
  systemctl enable --now ${KUBELET_SERVING_APPROVER_UNIT}.timer
}
`;
}

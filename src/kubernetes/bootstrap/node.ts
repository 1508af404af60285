// The nodes' bootstrap script (object `<C>/nodes/bootstrap.sh`): prepares the host, waits for the
// API server, reads the current join token from `<C>/nodes/token` and runs `kubeadm join` with the
// CA pinned by its hash. Nodes the Auto Scaling group starts months later run the same script.

import { API_PORT } from '../../model/network.js';
import { NODE_PHASES } from '../status.js';
import { commonFunctions, type HostOptions, scriptHeader } from './common.js';
import { sh, shellAssignments } from './sh.js';

export interface NodeScriptInput extends HostOptions {
  cluster: string;
  /** `<C>/nodes/` */
  nodesPrefix: string;
  /** `<C>/nodes/token` */
  tokenKey: string;
  masterPrivateIp: string;
}

export function nodeScript(input: NodeScriptInput): string {
  return sh`${scriptHeader(`kube-tui node bootstrap for cluster ${input.cluster}`)}
${shellAssignments({
  NODES_PREFIX: input.nodesPrefix,
  TOKEN_KEY: input.tokenKey,
  API_ENDPOINT: `${input.masterPrivateIp}:${API_PORT}`,
})}
${commonFunctions(input)}
api_server_ready() {
  curl -fsk --connect-timeout 5 --max-time 10 "https://$API_ENDPOINT/readyz" >/dev/null
}

# Called by retry, where bash suspends set -e: every step checks its own status.
join_once() {
  s3_get "$TOKEN_KEY" /opt/kube-tui/node-token 0600 || return 1
  BOOTSTRAP_TOKEN=$(cat /opt/kube-tui/node-token) || return 1
  if ! [[ $BOOTSTRAP_TOKEN =~ ^[a-z0-9]{6}\.[a-z0-9]{16}$ ]]; then
    log "s3 object $TOKEN_KEY does not hold a bootstrap token"
    return 1
  fi
  render_kubeadm_config /opt/kube-tui/kubeadm-join.yaml.template /opt/kube-tui/kubeadm-join.yaml || return 1
  log "running kubeadm join $API_ENDPOINT"
  if ! kubeadm join --config /opt/kube-tui/kubeadm-join.yaml; then
    # Undo the half-done join (a node holds no state of its own) so the next attempt starts clean.
    kubeadm reset -f || true
    return 1
  fi
}

kubeadm_join() {
  if [ -f /etc/kubernetes/kubelet.conf ]; then
    log "this node has joined already"
    return 0
  fi
  s3_get "\${NODES_PREFIX}kubeadm-join.yaml" /opt/kube-tui/kubeadm-join.yaml.template 0600
  # The group starts with the master; give its kubeadm init and image pulls up to 40 minutes.
  log "waiting for the API server at $API_ENDPOINT"
  retry 240 10 api_server_ready
  # A join retried later reads the token again: the master may have published a newer one.
  retry 5 30 join_once
}

enable_kubelet() {
  systemctl enable kubelet
}

main() {
  log "bootstrapping a node of cluster $KT_CLUSTER"
  trap on_bootstrap_exit EXIT
  export KT_ALL_PHASES="${NODE_PHASES.join(' ')}"
  # Packages first: containerd's default configuration comes from the installed containerd.
  run_phase packages prepare_host install_kubernetes enable_kubelet
  run_phase containerd configure_containerd
  run_phase kubeadm instance_identity kubeadm_join
  finish_phases
  log "node bootstrap complete"
}

main "$@"
`;
}

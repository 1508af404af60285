// kubeadm configuration (v1beta4) for the master's `kubeadm init` and the nodes' `kubeadm join`.
// Values only an instance knows (its name, provider id, address, the installed kubeadm's version and,
// on nodes, the current token) are placeholders the bootstrap script fills in with sed.
import YAML from 'yaml';
import { API_PORT, POD_CIDR, SERVICE_CIDR } from '../model/network.js';
import { BOOTSTRAP_TOKEN_TTL_HOURS } from './pki.js';

export const KUBEADM_API_VERSION = 'kubeadm.k8s.io/v1beta4';
export const CONTAINERD_SOCKET = 'unix:///var/run/containerd/containerd.sock';

/** Filled in on the instance (see bootstrap/common.ts `render_kubeadm_config`). */
export const PLACEHOLDERS = {
  nodeName: '__KUBE_TUI_NODE_NAME__',
  providerId: '__KUBE_TUI_PROVIDER_ID__',
  nodeIp: '__KUBE_TUI_NODE_IP__',
  kubernetesVersion: '__KUBE_TUI_KUBERNETES_VERSION__',
  token: '__KUBE_TUI_BOOTSTRAP_TOKEN__',
} as const;

export interface KubeadmInitInput {
  cluster: string;
  masterPrivateIp: string;
  masterElasticIp: string;
  bootstrapToken: string;
}

function nodeRegistration() {
  return {
    name: PLACEHOLDERS.nodeName,
    criSocket: CONTAINERD_SOCKET,
    // v1beta4 takes extra arguments as a list of name/value pairs.
    kubeletExtraArgs: [
      { name: 'cloud-provider', value: 'external' },
      { name: 'provider-id', value: PLACEHOLDERS.providerId },
      { name: 'node-ip', value: PLACEHOLDERS.nodeIp },
    ],
  };
}

// kubeadm init uploads this to the kubelet-config ConfigMap, which every kubeadm join applies: one
// document sets the master's kubelet and the nodes'. serverTLSBootstrap: each kubelet asks the cluster
// CA for its serving certificate (approved on the master, bootstrap/kubelet-serving.ts), so
// metrics-server can verify the kubelets instead of skipping verification.
const kubeletConfiguration = {
  apiVersion: 'kubelet.config.k8s.io/v1beta1',
  kind: 'KubeletConfiguration',
  cgroupDriver: 'systemd',
  serverTLSBootstrap: true,
};

function documents(docs: object[]): string {
  return docs.map((doc) => YAML.stringify(doc)).join('---\n');
}

/** InitConfiguration + ClusterConfiguration + KubeletConfiguration for the master (holds the token: master prefix only). */
export function kubeadmInitConfig(input: KubeadmInitInput): string {
  const endpoint = `${input.masterPrivateIp}:${API_PORT}`;
  return documents([
    {
      apiVersion: KUBEADM_API_VERSION,
      kind: 'InitConfiguration',
      bootstrapTokens: [
        {
          token: input.bootstrapToken,
          description: 'kube-tui: initial node join token',
          ttl: `${BOOTSTRAP_TOKEN_TTL_HOURS}h0m0s`,
          usages: ['signing', 'authentication'],
          groups: ['system:bootstrappers:kubeadm:default-node-token'],
        },
      ],
      localAPIEndpoint: { advertiseAddress: input.masterPrivateIp, bindPort: API_PORT },
      nodeRegistration: nodeRegistration(),
    },
    {
      apiVersion: KUBEADM_API_VERSION,
      kind: 'ClusterConfiguration',
      clusterName: input.cluster,
      kubernetesVersion: PLACEHOLDERS.kubernetesVersion,
      // Nodes reach the API server at the master's fixed private address; the Elastic IP is only for
      // clients outside the VPC, so it appears in the serving certificate but is not the endpoint.
      controlPlaneEndpoint: endpoint,
      networking: { podSubnet: POD_CIDR, serviceSubnet: SERVICE_CIDR, dnsDomain: 'cluster.local' },
      apiServer: { certSANs: [input.masterElasticIp, input.masterPrivateIp] },
      encryptionAlgorithm: 'RSA-2048',
    },
    kubeletConfiguration,
  ]);
}

export interface KubeadmJoinInput {
  masterPrivateIp: string;
  caCertHash: string;
}

/** JoinConfiguration for the nodes: the token is read from S3 at boot, the CA is pinned by its hash. */
export function kubeadmJoinConfig(input: KubeadmJoinInput): string {
  return documents([
    {
      apiVersion: KUBEADM_API_VERSION,
      kind: 'JoinConfiguration',
      discovery: {
        bootstrapToken: {
          apiServerEndpoint: `${input.masterPrivateIp}:${API_PORT}`,
          token: PLACEHOLDERS.token,
          caCertHashes: [input.caCertHash],
        },
      },
      nodeRegistration: nodeRegistration(),
      timeouts: { discovery: '15m0s', tlsBootstrap: '10m0s' },
    },
  ]);
}

// The cluster's S3 bundle (DESIGN.md step 1) and the user data that fetches it. Everything here is
// pure: the provisioning engine uploads the files and passes the user data (base64-encoded by it).
//
//   <C>/master/   bootstrap.sh, refresh-token.sh, kubeadm.yaml (holds the initial token),
//                 pki/ca.crt, pki/ca.key, addons/*.yaml        read by the master role only
//   <C>/nodes/    bootstrap.sh, kubeadm-join.yaml (CA hash)     read by the node role
//   <C>/nodes/token                                              written by the master role, read by nodes

import { bundlePrefixes } from '../model/bundle-layout.js';
import { MASTER_PRIVATE_IP } from '../model/network.js';
import type { ResolvedConfig } from '../model/plan.js';
import { addonManifests } from './addons/index.js';
import { osFamily } from './bootstrap/common.js';
import { masterScript, tokenRefreshScript } from './bootstrap/master.js';
import { nodeScript } from './bootstrap/node.js';
import { cloudInitUserData, flatcarIgnition } from './bootstrap/userdata.js';
import { kubeadmInitConfig, kubeadmJoinConfig } from './kubeadm.js';
import type { ClusterSecrets } from './secrets.js';

export interface BundleFile {
  /** Full S3 key: `<C>/master/…` or `<C>/nodes/…`. */
  key: string;
  body: string;
  contentType: string;
}

/** The options the bundle depends on (a ResolvedConfig has them all). */
export type BundleConfig = Pick<
  ResolvedConfig,
  | 'name'
  | 'region'
  | 'os'
  | 'bucket'
  | 'bucketRegion'
  | 'kubernetesVersion'
  | 'monitoring'
  | 'nodeLogging'
  | 'loggingDestination'
  | 'clusterLogging'
  | 'packageMirror'
>;

export interface BundleInput {
  config: BundleConfig;
  /** The master's Elastic IP (allocated first): in the API server certificate and the kubeconfig. */
  masterElasticIp: string;
  /** The master's private address, the endpoint nodes join. Default 172.20.0.9 (subnet base + 9). */
  masterPrivateIp?: string;
  /** The master EBS volume; lets the master find it by serial. Without it: the /dev/sdf attachment. */
  masterVolumeId?: string;
  secrets: ClusterSecrets;
}

export interface Bundle {
  /** Upload on every run (read only by the master role). */
  master: BundleFile[];
  /** Upload on every run (read by the node role). */
  nodes: BundleFile[];
  /**
   * `<C>/nodes/token` with the locally minted token. Upload it only when the object does not exist
   * yet (If-None-Match: *): once the master runs, its timer owns the object and a rerun must not put
   * back a token the cluster does not know.
   */
  nodeToken: BundleFile;
}

const SHELL = 'text/x-shellscript';
const YAML_TYPE = 'application/yaml';
const PEM = 'application/x-pem-file';

function hostOptions(config: BundleConfig) {
  return {
    os: config.os,
    kubernetesVersion: config.kubernetesVersion,
    clusterLogging: config.clusterLogging,
    ...(config.packageMirror ? { packageMirror: config.packageMirror } : {}),
  };
}

export function buildBundle(input: BundleInput): Bundle {
  const { config, secrets } = input;
  const prefixes = bundlePrefixes(config.name);
  const masterPrivateIp = input.masterPrivateIp ?? MASTER_PRIVATE_IP;
  const addons = addonManifests(config);

  const master: BundleFile[] = [
    {
      key: `${prefixes.master}bootstrap.sh`,
      contentType: SHELL,
      body: masterScript({
        ...hostOptions(config),
        cluster: config.name,
        masterPrefix: prefixes.master,
        tokenKey: prefixes.token,
        masterVolumeId: input.masterVolumeId,
        addonFiles: addons.map((addon) => addon.file),
      }),
    },
    {
      key: `${prefixes.master}refresh-token.sh`,
      contentType: SHELL,
      body: tokenRefreshScript({ cluster: config.name, tokenKey: prefixes.token }),
    },
    {
      key: `${prefixes.master}kubeadm.yaml`,
      contentType: YAML_TYPE,
      body: kubeadmInitConfig({
        cluster: config.name,
        masterPrivateIp,
        masterElasticIp: input.masterElasticIp,
        bootstrapToken: secrets.bootstrapToken,
      }),
    },
    { key: `${prefixes.master}pki/ca.crt`, contentType: PEM, body: secrets.caCertPem },
    { key: `${prefixes.master}pki/ca.key`, contentType: PEM, body: secrets.caKeyPem },
    ...addons.map((addon) => ({
      key: `${prefixes.master}addons/${addon.file}`,
      contentType: YAML_TYPE,
      body: addon.body,
    })),
  ];

  const nodes: BundleFile[] = [
    {
      key: `${prefixes.nodes}bootstrap.sh`,
      contentType: SHELL,
      body: nodeScript({
        ...hostOptions(config),
        cluster: config.name,
        nodesPrefix: prefixes.nodes,
        tokenKey: prefixes.token,
        masterPrivateIp,
      }),
    },
    {
      key: `${prefixes.nodes}kubeadm-join.yaml`,
      contentType: YAML_TYPE,
      body: kubeadmJoinConfig({ masterPrivateIp, caCertHash: secrets.caCertHash }),
    },
  ];

  return {
    master,
    nodes,
    nodeToken: { key: prefixes.token, contentType: 'text/plain', body: secrets.bootstrapToken },
  };
}

/**
 * The raw (not base64) user data for the master or the node launch template: a small script that
 * fetches the role's part of the bundle, or an Ignition JSON for Flatcar. It contains no secret.
 */
export function userData(role: 'master' | 'node', input: BundleInput): string {
  const { config } = input;
  const prefixes = bundlePrefixes(config.name);
  const stub = {
    cluster: config.name,
    role,
    bucket: config.bucket,
    bucketRegion: config.bucketRegion,
    bootstrapKey: `${role === 'master' ? prefixes.master : prefixes.nodes}bootstrap.sh`,
  };
  if (osFamily(config.os) === 'flatcar') {
    return flatcarIgnition({
      ...stub,
      kubernetesVersion: config.kubernetesVersion,
      clusterLogging: config.clusterLogging,
    });
  }
  return cloudInitUserData(stub);
}

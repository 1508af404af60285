// After a scale on real AWS: running instances are not yet nodes. The same validation as `up`'s
// last step (cluster-validation.ts), for the master and every instance the group now holds: the
// API server answers through the master's address, each instance is a Ready node, CoreDNS is
// available, and the boot statuses show as they change; bounded, and a failed boot ends it at once.
import { BOOTSTRAP_UNIT } from '../kubernetes/bootstrap/userdata.js';
import type { ClusterSecrets } from '../kubernetes/secrets.js';
import { DEFAULT_SSH_KEY } from '../model/config.js';
import type { ClusterId } from '../model/inventory.js';
import { API_PORT } from '../model/network.js';
import {
  readBootStatuses,
  type ValidatedInstance,
  validateCluster,
  validatedInstance,
} from './cluster-validation.js';
import type { AwsContext } from './context.js';
import { describeInstances } from './resources/instance.js';

export interface ScaledNodes {
  cluster: ClusterId;
  /** The master, with the address its API server answers on. */
  master: Omit<ValidatedInstance, 'role'> & { publicIp: string };
  /** The group's InService instances after the scale. */
  nodeInstanceIds: string[];
  /** This machine's copy of the cluster's admin credentials and CA. */
  secrets: Pick<ClusterSecrets, 'caCertPem' | 'adminCertPem' | 'adminKeyPem'>;
  /** Where the instances report their boot: kube-tui's staging bucket in the cluster's region. */
  bucket: string;
  onProgress: (message: string) => void;
  /** The API server's port (default 443). */
  apiPort?: number;
  timeoutMs?: number;
  pollMs?: number;
}

export async function validateScaledNodes(ctx: AwsContext, input: ScaledNodes): Promise<void> {
  const nodes =
    input.nodeInstanceIds.length > 0
      ? await describeInstances(ctx, [{ Name: 'instance-id', Values: input.nodeInstanceIds }])
      : [];
  await validateCluster({
    instances: [{ ...input.master, role: 'master' }, ...nodes.map((node) => validatedInstance(node, 'node'))],
    api: {
      host: input.master.publicIp,
      port: input.apiPort ?? API_PORT,
      caPem: input.secrets.caCertPem,
      certPem: input.secrets.adminCertPem,
      keyPem: input.secrets.adminKeyPem,
    },
    // With the user's own bucket the statuses are not found there: the API alone decides.
    readStatuses: () =>
      readBootStatuses(ctx, {
        bucket: input.bucket,
        bucketRegion: input.cluster.region,
        cluster: input.cluster.name,
      }).catch(() => new Map()),
    ssh: { keyPath: DEFAULT_SSH_KEY, user: '<login user>' },
    bootstrapUnit: BOOTSTRAP_UNIT,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
    ...(input.pollMs !== undefined ? { pollMs: input.pollMs } : {}),
    onStatus: () => {},
    onProgress: input.onProgress,
  });
}

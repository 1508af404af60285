// Validate cluster on real AWS: the cluster works when the API server answers /readyz through the
// Elastic IP (its certificate checked against the cluster CA), every instance is a Ready node (read
// through the API as the admin) and CoreDNS is available. Meanwhile each instance's boot status
// (src/model/boot-status.ts) is shown as it changes; a failed phase ends the wait at once with its
// log tail, and the wait itself is bounded (DESIGN.md section 10).
import type { Instance } from '@aws-sdk/client-ec2';
import { GetObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import {
  type BootRole,
  bootSummary,
  type InstanceBootStatus,
  parseBootStatus,
  STATUS_KEY,
  statusPrefix,
} from '../model/boot-status.js';
import { type AwsContext, callOptions } from './context.js';
import { classifyError } from './errors.js';
import { apiServerReady, type KubeApiEndpoint, kubeApiGet } from './reachability.js';
import { allPages, mapLimit } from './resources/common.js';
import { sleep } from './retry.js';

/** The default bound of the whole validation, and how often it looks. */
export const VALIDATION_TIMEOUT_MS = 20 * 60_000;
export const VALIDATION_POLL_MS = 10_000;
const CONCURRENT_READS = 8;

export interface ValidatedInstance {
  instanceId: string;
  role: BootRole;
  privateIp?: string;
  /** The Elastic IP for the master. */
  publicIp?: string;
}

/** An EC2 instance as the validation names it: its role, private address, and public one (the master's Elastic IP). */
export function validatedInstance(
  instance: Pick<Instance, 'InstanceId' | 'PrivateIpAddress' | 'PublicIpAddress'>,
  role: BootRole,
  publicIp: string | undefined = instance.PublicIpAddress,
): ValidatedInstance {
  return {
    instanceId: instance.InstanceId!,
    role,
    ...(instance.PrivateIpAddress ? { privateIp: instance.PrivateIpAddress } : {}),
    ...(publicIp ? { publicIp } : {}),
  };
}

export interface ValidationInput {
  /** The master first, then the nodes: N+1 instances that must all become Ready nodes. */
  instances: ValidatedInstance[];
  api: KubeApiEndpoint;
  /** The instances' latest boot statuses by instance id (the staging bucket's `<C>/status/`). */
  readStatuses: () => Promise<Map<string, InstanceBootStatus>>;
  /** For the hint on failure: the private key's path and the image's login user. */
  ssh: { keyPath: string; user: string };
  /** The systemd unit that runs the bootstrap, for `journalctl -u`. */
  bootstrapUnit: string;
  timeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** An instance's status changed (first seen, a phase done, failed). */
  onStatus: (status: InstanceBootStatus) => void;
  /** What the checks found changed: "API server answers /readyz…", "2 of 3 nodes Ready". */
  onProgress: (message: string) => void;
}

export class ClusterValidationError extends Error {
  override name = 'ClusterValidationError';
}

interface KubeNode {
  metadata: { name: string };
  spec?: { providerID?: string };
  status?: {
    conditions?: { type: string; status: string }[];
    addresses?: { type: string; address: string }[];
  };
}

interface Deployment {
  status?: { availableReplicas?: number };
}

/** What the last look found. */
interface Findings {
  statuses: Map<string, InstanceBootStatus>;
  statusError?: string;
  apiError?: string;
  apiReady: boolean;
  /** Instance id -> node name, for the instances whose node is Ready. */
  readyNodes: Map<string, string>;
  nodesError?: string;
  corednsAvailable?: number;
  corednsError?: string;
}

/** Which instance a Node object is: the cloud provider's providerID, else its internal address. */
export function instanceOfNode(node: KubeNode, instances: ValidatedInstance[]): string | undefined {
  const fromProvider = node.spec?.providerID?.split('/').pop();
  if (fromProvider && instances.some((instance) => instance.instanceId === fromProvider)) return fromProvider;
  const internal = node.status?.addresses?.find((address) => address.type === 'InternalIP')?.address;
  return instances.find(
    (instance) => instance.instanceId === node.metadata.name || (internal && instance.privateIp === internal),
  )?.instanceId;
}

export function readyInstances(nodes: KubeNode[], instances: ValidatedInstance[]): Map<string, string> {
  const ready = new Map<string, string>();
  for (const node of nodes) {
    const isReady = node.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    );
    const instanceId = instanceOfNode(node, instances);
    if (isReady && instanceId) ready.set(instanceId, node.metadata.name);
  }
  return ready;
}

const sameStatus = (a: InstanceBootStatus | undefined, b: InstanceBootStatus) =>
  a !== undefined &&
  a.phase === b.phase &&
  a.failedPhase === b.failedPhase &&
  a.phasesDone.join() === b.phasesDone.join();

const describeInstance = (instance: ValidatedInstance) =>
  `${instance.role} ${instance.instanceId}${instance.privateIp ? ` (${instance.privateIp})` : ''}`;

/** How to look further on one instance: SSH as the image's user, then the bootstrap's journal. */
export function sshHint(
  instance: ValidatedInstance,
  input: Pick<ValidationInput, 'ssh' | 'bootstrapUnit'>,
): [string, string] {
  const address = instance.publicIp ?? instance.privateIp ?? instance.instanceId;
  return [
    `ssh -i ${input.ssh.keyPath} ${input.ssh.user}@${address}`,
    `sudo journalctl -u ${input.bootstrapUnit}`,
  ];
}

function failedPhaseMessage(
  instance: ValidatedInstance,
  status: InstanceBootStatus,
  input: ValidationInput,
): string {
  const tail = status.logTail?.length
    ? ['Last lines of its bootstrap log:', ...status.logTail.map((line) => `  | ${line}`)]
    : ['It sent no log lines.'];
  return [
    `${describeInstance(instance)}: bootstrap ${bootSummary(status)}.`,
    ...tail,
    ...(([ssh, journal]) => [`Look further: ${ssh}`, `         then: ${journal}`])(sshHint(instance, input)),
  ].join('\n');
}

function timeoutMessage(findings: Findings, input: ValidationInput, timeoutMs: number): string {
  const minutes = Math.round(timeoutMs / 60_000);
  const bound = minutes >= 1 ? `${minutes} min` : `${Math.round(timeoutMs / 1000)} s`;
  const host = input.api.host;
  const lines = [`The cluster did not validate within ${bound}:`];
  lines.push(
    findings.apiReady
      ? `  ✔ the API server answers /readyz through ${host}`
      : `  ✖ the API server at https://${host}:${input.api.port}/readyz: ${findings.apiError ?? 'no answer'}`,
  );
  const expected = input.instances.length;
  const readyCount = input.instances.filter((instance) =>
    findings.readyNodes.has(instance.instanceId),
  ).length;
  lines.push(
    `  ${readyCount === expected ? '✔' : '✖'} ${readyCount} of ${expected} nodes Ready${findings.nodesError ? ` (${findings.nodesError})` : ''}`,
  );
  for (const instance of input.instances) {
    if (findings.readyNodes.has(instance.instanceId)) continue;
    lines.push(
      `    ✖ ${describeInstance(instance)} is not a Ready node: ${bootSummary(findings.statuses.get(instance.instanceId))}`,
    );
    const [ssh, journal] = sshHint(instance, input);
    lines.push(`      look further: ${ssh}`, `              then: ${journal}`);
  }
  const coredns = findings.corednsAvailable ?? 0;
  lines.push(
    `  ${coredns >= 1 ? '✔' : '✖'} CoreDNS: ${coredns} available replicas${findings.corednsError ? ` (${findings.corednsError})` : ''}`,
  );
  if (findings.statusError) lines.push(`  ⚠ boot statuses could not be read: ${findings.statusError}`);
  return lines.join('\n');
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Looks every `pollMs` until the cluster works, an instance reports a failed phase, or time is up. */
export async function validateCluster(
  input: ValidationInput,
): Promise<{ readyNodes: number; elapsedMs: number }> {
  const started = Date.now();
  const timeoutMs = input.timeoutMs ?? VALIDATION_TIMEOUT_MS;
  const pollMs = input.pollMs ?? VALIDATION_POLL_MS;
  const deadline = started + timeoutMs;
  const known = new Map(input.instances.map((instance) => [instance.instanceId, instance]));
  const shown = new Map<string, InstanceBootStatus>();
  let lastProgress: string[] = [];
  let findings: Findings = { statuses: new Map(), apiReady: false, readyNodes: new Map() };

  for (;;) {
    input.signal?.throwIfAborted();
    const next: Findings = { statuses: findings.statuses, apiReady: false, readyNodes: new Map() };
    try {
      // Only this run's instances: statuses of instances an earlier run replaced stay in the bucket.
      const all = await input.readStatuses();
      next.statuses = new Map([...all].filter(([id]) => known.has(id)));
    } catch (error) {
      next.statusError = message(error);
    }
    for (const [id, status] of next.statuses) {
      if (sameStatus(shown.get(id), status)) continue;
      shown.set(id, status);
      input.onStatus(status);
    }
    const failed = [...next.statuses.values()].find((status) => status.phase === 'failed');
    if (failed)
      throw new ClusterValidationError(failedPhaseMessage(known.get(failed.instanceId)!, failed, input));

    try {
      await apiServerReady(input.api.host, input.api.port, input.api.caPem);
      next.apiReady = true;
    } catch (error) {
      next.apiError = message(error);
    }
    if (next.apiReady) {
      const [nodes, coredns] = await Promise.allSettled([
        kubeApiGet<{ items?: KubeNode[] }>(input.api, '/api/v1/nodes'),
        kubeApiGet<Deployment>(input.api, '/apis/apps/v1/namespaces/kube-system/deployments/coredns'),
      ]);
      if (nodes.status === 'fulfilled')
        next.readyNodes = readyInstances(nodes.value.items ?? [], input.instances);
      else next.nodesError = message(nodes.reason);
      if (coredns.status === 'fulfilled')
        next.corednsAvailable = coredns.value.status?.availableReplicas ?? 0;
      else next.corednsError = message(coredns.reason);
    }
    findings = next;

    const progress = [
      ...(findings.apiReady ? [`the API server answers /readyz through ${input.api.host}`] : []),
      ...(findings.apiReady && !findings.nodesError
        ? [`${findings.readyNodes.size} of ${input.instances.length} nodes Ready`]
        : []),
      ...((findings.corednsAvailable ?? 0) >= 1 ? ['CoreDNS available'] : []),
    ];
    for (const line of progress) if (!lastProgress.includes(line)) input.onProgress(line);
    lastProgress = progress;

    const allReady = input.instances.every((instance) => findings.readyNodes.has(instance.instanceId));
    if (findings.apiReady && allReady && (findings.corednsAvailable ?? 0) >= 1)
      return { readyNodes: findings.readyNodes.size, elapsedMs: Date.now() - started };

    const left = deadline - Date.now();
    if (left <= 0) throw new ClusterValidationError(timeoutMessage(findings, input, timeoutMs));
    await sleep(Math.min(pollMs, left), input.signal);
  }
}

/** Every instance's latest status under `<C>/status/`, by instance id; objects that do not parse are left out. */
export async function readBootStatuses(
  ctx: AwsContext,
  input: { bucket: string; bucketRegion: string; cluster: string },
): Promise<Map<string, InstanceBootStatus>> {
  const s3 = ctx.clients.s3(input.bucketRegion);
  const prefix = statusPrefix(input.cluster);
  const objects = await allPages(
    (ContinuationToken) =>
      s3.send(
        new ListObjectsV2Command({ Bucket: input.bucket, Prefix: prefix, ContinuationToken }),
        callOptions(ctx),
      ),
    (page: ListObjectsV2CommandOutput) => page.Contents,
    (page) => page.NextContinuationToken,
  );
  const statuses = await mapLimit(objects, CONCURRENT_READS, async (object) => {
    const match = STATUS_KEY.exec(object.Key?.slice(prefix.length) ?? '');
    if (!match) return undefined;
    try {
      const { Body } = await s3.send(
        new GetObjectCommand({ Bucket: input.bucket, Key: object.Key }),
        callOptions(ctx),
      );
      return parseBootStatus((await Body?.transformToString()) ?? '', match[1]);
    } catch (error) {
      // Deleted between the listing and the read: the next poll sees the new state.
      if (classifyError(error).kind === 'not-found') return undefined;
      throw error;
    }
  });
  const byInstance = new Map<string, InstanceBootStatus>();
  for (const status of statuses) if (status) byInstance.set(status.instanceId, status);
  return byInstance;
}

// What each instance reports about its own boot: one small JSON object per instance in the staging
// bucket, `<C>/status/master/<instance-id>.json` or `<C>/status/nodes/<instance-id>.json`, written
// by the bootstrap after every phase (each role may write only its own prefix). It holds no secret:
// the phase, the phases done and, after a failure, the last lines of the bootstrap's log. No SDK
// here: the screens and the plain lines read these types (src/aws/cluster-validation.ts reads S3).

export const BOOT_PHASES = ['packages', 'containerd', 'kubeadm', 'addons', 'done', 'failed'] as const;
export type BootPhase = (typeof BOOT_PHASES)[number];
export type BootRole = 'master' | 'node';

export interface InstanceBootStatus {
  version: 1;
  instanceId: string;
  role: BootRole;
  phase: BootPhase;
  phasesDone: BootPhase[];
  /** The phase that failed, when `phase` is "failed". */
  failedPhase?: BootPhase;
  /** At most the last 20 lines of the bootstrap's log, only when failed. */
  logTail?: string[];
  /** RFC 3339, as the instance's clock had it. */
  updatedAt: string;
}

export const MAX_LOG_TAIL_LINES = 20;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

export const STATUS_KEY = /^(?:master|nodes)\/(i-[0-9a-f]{8,17})\.json$/;

export const statusPrefix = (cluster: string) => `${cluster}/status/`;

export function statusKey(cluster: string, role: BootRole, instanceId: string): string {
  return `${statusPrefix(cluster)}${role === 'master' ? 'master' : 'nodes'}/${instanceId}.json`;
}

const isPhase = (value: unknown): value is BootPhase =>
  typeof value === 'string' && (BOOT_PHASES as readonly string[]).includes(value);

/**
 * A status object's body, checked field by field; undefined for anything else (another version, a
 * half-written object, a stranger's JSON). The key's instance id must match the body's.
 */
export function parseBootStatus(body: string, expectedInstanceId?: string): InstanceBootStatus | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || value.version !== 1) return undefined;
  const { instanceId, role, phase, phasesDone, failedPhase, logTail, updatedAt } = value;
  if (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId)) return undefined;
  if (expectedInstanceId && instanceId !== expectedInstanceId) return undefined;
  if (role !== 'master' && role !== 'node') return undefined;
  if (!isPhase(phase)) return undefined;
  if (!Array.isArray(phasesDone) || !phasesDone.every(isPhase)) return undefined;
  if (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt))) return undefined;
  if (failedPhase !== undefined && !isPhase(failedPhase)) return undefined;
  if (logTail !== undefined && !(Array.isArray(logTail) && logTail.every((line) => typeof line === 'string')))
    return undefined;
  return {
    version: 1,
    instanceId,
    role,
    phase,
    phasesDone,
    ...(failedPhase ? { failedPhase } : {}),
    ...(logTail ? { logTail: (logTail as string[]).slice(-MAX_LOG_TAIL_LINES) } : {}),
    updatedAt,
  };
}

/** "in phase kubeadm; done: packages, containerd": where an instance's boot is. */
export function bootSummary(status: InstanceBootStatus | undefined): string {
  if (!status) return 'no boot status reported yet';
  const done = status.phasesDone.length > 0 ? `; done: ${status.phasesDone.join(', ')}` : '';
  if (status.phase === 'failed') return `failed in phase ${status.failedPhase ?? 'unknown'}${done}`;
  if (status.phase === 'done') return 'bootstrap done';
  return `in phase ${status.phase}${done}`;
}

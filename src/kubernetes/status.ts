// Boot status objects: each instance reports its bootstrap phase to S3 with its instance role, one
// object per instance, so the checklist can show boot instance by instance (DESIGN.md section 6).
//
//   <C>/status/master/<instance-id>.json   written by the master role only
//   <C>/status/nodes/<instance-id>.json    written by the node role only
//
// The body holds no secret: the phase, the phases done, and on failure the last log lines with
// anything that looks like a token or a key redacted on the instance before upload.

export const STATUS_VERSION = 1;

export const MASTER_PHASES = ['packages', 'containerd', 'kubeadm', 'addons', 'done'] as const;
export const NODE_PHASES = ['packages', 'containerd', 'kubeadm', 'done'] as const;
export type BootPhase = (typeof MASTER_PHASES)[number];

export interface BootStatus {
  version: 1;
  instanceId: string;
  role: 'master' | 'node';
  phase: BootPhase | 'failed';
  phasesDone: BootPhase[];
  /** Only when phase is failed. */
  failedPhase?: BootPhase;
  /** Only when phase is failed: the last 20 lines of the bootstrap log, secrets redacted. */
  logTail?: string[];
  /** RFC 3339. */
  updatedAt: string;
}

/** `<C>/status/master/` or `<C>/status/nodes/`: the prefix one role may write. */
export function statusPrefix(cluster: string, role: 'master' | 'node'): string {
  return `${cluster}/status/${role === 'master' ? 'master' : 'nodes'}/`;
}

export function statusKey(cluster: string, role: 'master' | 'node', instanceId: string): string {
  return `${statusPrefix(cluster, role)}${instanceId}.json`;
}

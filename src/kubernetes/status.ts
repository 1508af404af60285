// Boot status objects: each instance reports its bootstrap phase to S3 with its instance role, one
// object per instance, so the checklist can show boot instance by instance (DESIGN.md section 6).
//
//   <C>/status/master/<instance-id>.json   written by the master role only
//   <C>/status/nodes/<instance-id>.json    written by the node role only
//
// The body holds no secret: the phase, the phases done, and on failure the last log lines with
// anything that looks like a token or a key redacted on the instance before upload.

export const MASTER_PHASES = ['packages', 'containerd', 'kubeadm', 'addons', 'done'] as const;
export const NODE_PHASES = ['packages', 'containerd', 'kubeadm', 'done'] as const;

/** `<C>/status/master/` or `<C>/status/nodes/`: the prefix one role may write. */
export function statusPrefix(cluster: string, role: 'master' | 'node'): string {
  return `${cluster}/status/${role === 'master' ? 'master' : 'nodes'}/`;
}

export function statusKey(cluster: string, role: 'master' | 'node', instanceId: string): string {
  return `${statusPrefix(cluster, role)}${instanceId}.json`;
}

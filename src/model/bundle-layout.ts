// The layout of a cluster's files in the staging bucket, shared by the engine that uploads them, the
// IAM policies scoped to them and the instance scripts that read them.
export interface BundlePrefixes {
  /** `<C>/master/`: readable only by the master role, it holds the CA key. */
  master: string;
  /** `<C>/nodes/`: readable by nodes (and the master); never holds the CA key. */
  nodes: string;
  /** `<C>/nodes/token`: the current bootstrap token, rewritten daily by the master, the one object it may write. */
  token: string;
}

/** Where the cluster's bundle lives in the staging bucket; the IAM policies are scoped to these. */
export function bundlePrefixes(cluster: string): BundlePrefixes {
  return { master: `${cluster}/master/`, nodes: `${cluster}/nodes/`, token: `${cluster}/nodes/token` };
}

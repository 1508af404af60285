// Where kube-tui keeps local files. Tests and the sandbox move all of them by setting HOME
// (and XDG_CONFIG_HOME / KUBECONFIG / KUBE_TUI_CONFIG_DIR).
import { stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { CLUSTER_NAME_PATTERN } from '../model/config.js';
import { expandHome, homeOf as home } from '../model/home-path.js';
import { isRegionName } from '../model/region.js';
import { PathEscapeError, pathInside } from './safe-path.js';

/** KUBE_TUI_CONFIG_DIR, else $XDG_CONFIG_HOME/kube-tui, else ~/.config/kube-tui. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBE_TUI_CONFIG_DIR) return expandHome(env.KUBE_TUI_CONFIG_DIR, env);
  const base = env.XDG_CONFIG_HOME || join(home(env), '.config');
  return join(base, 'kube-tui');
}

/** Secrets and the id cache of one cluster: a cluster is identified by (region, name). */
export function clusterDir(region: string, cluster: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'clusters', region, cluster);
}

/** The kubeconfig files kubectl reads: the entries of KUBECONFIG (`--kubeconfig` sets it), else ~/.kube/config. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = (env.KUBECONFIG ?? '')
    .split(delimiter)
    .filter((entry) => entry.length > 0)
    .map((entry) => expandHome(entry, env));
  return listed.length > 0 ? [...new Set(listed)] : [join(home(env), '.kube', 'config')];
}

/**
 * The cluster's directory, proven inside the config dir before anything is written or removed there:
 * the name must be a cluster name and the region a region name (a tag value or an environment variable
 * is input too), and no symlink on the way may lead out of the config dir.
 */
export async function safeClusterDir(
  region: string,
  cluster: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (!CLUSTER_NAME_PATTERN.test(cluster)) {
    throw new PathEscapeError(
      `refusing local state for the cluster name ${JSON.stringify(cluster)}: not a cluster name`,
    );
  }
  if (!isRegionName(region)) {
    throw new PathEscapeError(
      `refusing local state for the region ${JSON.stringify(region)}: not a region name`,
    );
  }
  return pathInside(configDir(env), 'clusters', region, cluster);
}

/** The first kubeconfig of the list (where a new context goes when none of the files exists yet). */
export function kubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return kubeconfigPaths(env)[0]!;
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The lock a run holds while it creates, changes or tears down a cluster (proven inside the config dir). */
export async function clusterLockPath(
  region: string,
  cluster: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (!CLUSTER_NAME_PATTERN.test(cluster) || !isRegionName(region)) {
    throw new PathEscapeError(`refusing a lock for ${JSON.stringify(cluster)} in ${JSON.stringify(region)}`);
  }
  return pathInside(configDir(env), 'locks', region, `${cluster}.lock`);
}

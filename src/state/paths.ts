// Where kube-tui keeps local files. Tests and the sandbox move all of them by setting HOME
// (and XDG_CONFIG_HOME / KUBECONFIG / KUBE_TUI_CONFIG_DIR).
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || homedir();
}

/** `~/…` and relative paths made absolute (kube-up's AWS_SSH_KEY default is `~/.ssh/kube_aws_rsa`). */
export function expandHome(path: string, env: NodeJS.ProcessEnv = process.env): string {
  if (path === '~') return home(env);
  if (path.startsWith('~/')) return join(home(env), path.slice(2));
  return isAbsolute(path) ? path : resolve(path);
}

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

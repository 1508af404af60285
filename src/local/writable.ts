// Before the first AWS write, `up` proves it can write every local file the run will write: the SSH
// key (when it must be generated), the config dir (locks, secrets) and the kubeconfig with its lock.
// Otherwise a read-only home lets a run build a whole cluster and then fail to record it.
import { randomBytes } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../model/exit.js';

export interface LocalWrite {
  /** What the file is, for the message ("the SSH key"). */
  what: string;
  path: string;
  /** The file may exist already and is then only read (the SSH key): only a missing one is written. */
  readOnlyIfPresent?: boolean;
}

/** The nearest directory on the way to `path` that exists (where a write would create the rest). */
async function nearestExistingDir(path: string): Promise<string> {
  let current = dirname(resolve(path));
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory()) {
        const error = new Error(`${current} is not a directory`) as NodeJS.ErrnoException;
        error.code = 'ENOTDIR';
        throw error;
      }
      return current;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** Creates and removes a probe file in `dir`: the only test that also sees read-only mounts and ACLs. */
async function probeWrite(dir: string): Promise<void> {
  const probe = join(dir, `.kube-tui-probe-${randomBytes(6).toString('hex')}`);
  const handle = await open(probe, 'wx', 0o600);
  await handle.close();
  await rm(probe, { force: true });
}

async function problemOf(write: LocalWrite): Promise<string | undefined> {
  try {
    const info = await stat(write.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info?.isDirectory()) return 'is a directory';
    if (info && write.readOnlyIfPresent) return undefined;
    if (info) {
      // An existing file is replaced by rename: its directory must take a new file.
      await probeWrite(dirname(resolve(write.path)));
      return undefined;
    }
    await probeWrite(await nearestExistingDir(write.path));
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR'
      ? 'a part of the path is a file, not a directory'
      : `cannot be written (${code ?? (error as Error).message})`;
  }
}

/** Throws UsageError (exit 2) naming every path that cannot be written, before anything is made. */
export async function ensureWritable(writes: readonly LocalWrite[]): Promise<void> {
  const problems = (
    await Promise.all(
      writes.map(async (write) => {
        const problem = await problemOf(write);
        return problem ? `${write.what} ${write.path} ${problem}` : undefined;
      }),
    )
  ).filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) {
    throw new UsageError(
      `nothing was created, because ${problems.join('; ')}. kube-tui must record the cluster locally; fix the permissions or point it elsewhere (--ssh-key, KUBE_TUI_CONFIG_DIR, KUBECONFIG)`,
    );
  }
}

/** With no HOME, every default local path is a guess: a real run refuses unless each is given. */
export function requireHome(env: NodeJS.ProcessEnv, given: { sshKey: boolean }): void {
  if (env.HOME || env.USERPROFILE) return;
  const missing = [
    given.sshKey ? undefined : '--ssh-key (AWS_SSH_KEY)',
    env.KUBE_TUI_CONFIG_DIR || env.XDG_CONFIG_HOME ? undefined : 'KUBE_TUI_CONFIG_DIR',
    env.KUBECONFIG ? undefined : 'KUBECONFIG',
  ].filter((item): item is string => item !== undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `HOME is not set, so there is no place for the SSH key, the cluster's secrets and the kubeconfig; set HOME, or give ${missing.join(', ')}`,
    );
  }
}

// A local lock file that says "this process on this host is changing X": created whole or not at all
// (written beside it, then hard-linked into place), removed when the work ends. A lock whose process
// is gone from this host is stale and is taken over; a lock held by a live process, or by another
// host, is refused at once (a cluster: another run is changing it) or waited for up to `waitMs` (a
// kubeconfig: kubectl and other runs hold its `<file>.lock` for a moment), then reported with who
// holds it and since when. One module for both: the cluster lock and kubeconfig's `<file>.lock`.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { writeFileAtomic } from './atomic-write.js';

export interface LockOwner {
  pid: number;
  host: string;
  /** ISO 8601. */
  since: string;
  /** What the holder is doing ("up", "down"), for the message a second run prints. */
  purpose: string;
  /** Tells this holder's lock from a later one with a reused pid. */
  nonce: string;
}

export class LockHeldError extends Error {
  override name = 'LockHeldError';
  constructor(
    readonly path: string,
    readonly owner: LockOwner | undefined,
    readonly what: string,
  ) {
    super(
      owner
        ? `${what} is being changed by another kube-tui run (${owner.purpose}, pid ${owner.pid} on ${owner.host}, since ${owner.since}). Wait for it to finish, then run this command again. If no such run exists${owner.host === hostname() ? '' : ` on ${owner.host}`}, remove ${path}.`
        : `${what} is locked by ${path}, which does not say who holds it (kubectl leaves its lock empty). If nothing is changing it, remove that file.`,
    );
  }
}

export interface LockOptions {
  /** How long to wait for a live holder to let go before refusing; default 0, refuse at once. */
  waitMs?: number;
}

export interface Lock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): Promise<void>;
}

function parseOwner(text: string): LockOwner | undefined {
  // Earlier kubeconfig locks held "<pid> <host>".
  const legacy = /^(\d+) (\S+)\n?$/.exec(text);
  if (legacy) {
    return { pid: Number(legacy[1]), host: legacy[2]!, since: 'unknown', purpose: 'a run', nonce: '' };
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.since === 'string' &&
      typeof value.nonce === 'string'
    ) {
      return { purpose: 'a run', ...value } as LockOwner;
    }
  } catch {
    // unreadable: not ours to judge
  }
  return undefined;
}

/** Whether the process `pid` runs on this host (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<{ text: string; owner: LockOwner | undefined } | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    return { text, owner: parseOwner(text) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Moves a stale lock out of the way, but only the very lock that was judged stale: it is renamed to a
 * private name first and checked there, so a lock another run created in the meantime is put back.
 */
async function breakStaleLock(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== undefined && moved !== staleText) {
    // Another run took over between our read and our rename: its lock goes back where it was.
    await rename(aside, path).catch(() => {});
    return;
  }
  await rm(aside, { force: true });
}

/**
 * Takes the lock at `path` for `what` (e.g. "cluster x in us-west-2"), or throws LockHeldError once
 * `waitMs` (default 0) has passed with a live holder. Stale locks (a dead process on this host) are
 * taken over.
 */
export async function acquireLock(
  path: string,
  what: string,
  purpose: string,
  options: LockOptions = {},
): Promise<Lock> {
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    purpose,
    nonce: randomBytes(8).toString('hex'),
  };
  const text = `${JSON.stringify(owner)}\n`;
  const deadline = Date.now() + (options.waitMs ?? 0);
  let delayMs = 20;
  // A lock that vanished or was broken as stale between two looks: try again, a bounded number of times.
  let races = 0;
  for (;;) {
    try {
      await writeFileAtomic(path, text, { exclusive: true, mode: 0o600, fsync: false });
      return {
        path,
        owner,
        async release() {
          // Only our own lock: a lock broken as stale and retaken by another run is theirs.
          const current = await readOwner(path).catch(() => undefined);
          if (current?.owner?.nonce === owner.nonce) await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = await readOwner(path);
    const stale = held?.owner && held.owner.host === owner.host && !processAlive(held.owner.pid);
    if (!held || stale) {
      races += 1;
      if (races > 5 && Date.now() >= deadline)
        throw new LockHeldError(path, (await readOwner(path))?.owner, what);
      if (held) await breakStaleLock(path, held.text);
      continue;
    }
    if (Date.now() >= deadline) throw new LockHeldError(path, held.owner, what);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 250);
  }
}

/**
 * Read-only: who holds the lock at `path` now, if a live process (or another host) does. A plan
 * asks this to refuse early; the run still takes the lock itself.
 */
export async function lockHolder(path: string): Promise<LockOwner | undefined> {
  const held = await readOwner(path);
  if (!held?.owner) return undefined;
  if (held.owner.host === hostname() && !processAlive(held.owner.pid)) return undefined;
  return held.owner;
}

/** Runs `work` holding the lock; the lock is released however `work` ends. */
export async function withLock<T>(
  path: string,
  what: string,
  purpose: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const lock = await acquireLock(path, what, purpose, options);
  try {
    return await work();
  } finally {
    await lock.release().catch(() => {});
  }
}

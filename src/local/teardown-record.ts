// A record, in the cluster's local directory, that kube-tui's own teardown of the cluster finished:
// a run killed after its last deletion (in the re-scan, or as it exits) leaves nothing to find, and
// the next `down` must say the job is done, not that the cluster is unknown. `up` clears it.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { safeClusterDir } from './paths.js';

const RECORD_FILE = 'torn-down.json';

async function recordPath(region: string, cluster: string): Promise<string> {
  return join(await safeClusterDir(region, cluster), RECORD_FILE);
}

/** Written once a fresh scan found nothing of the cluster, before its local state goes. */
export async function recordTeardown(region: string, cluster: string, at: Date): Promise<void> {
  await writeFileAtomic(await recordPath(region, cluster), `${JSON.stringify({ at: at.toISOString() })}\n`, {
    throughSymlink: false,
  });
}

/** When kube-tui's teardown of the cluster finished (ISO 8601), or undefined when it never did. */
export async function teardownFinishedAt(region: string, cluster: string): Promise<string | undefined> {
  try {
    const { at } = JSON.parse(await readFile(await recordPath(region, cluster), 'utf8')) as { at?: unknown };
    return typeof at === 'string' ? at : undefined;
  } catch {
    return undefined;
  }
}

/** A new cluster of that name is being made: the old teardown no longer describes it. */
export async function clearTeardownRecord(region: string, cluster: string): Promise<void> {
  await rm(await recordPath(region, cluster), { force: true });
}

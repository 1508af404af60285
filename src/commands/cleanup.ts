// `kube-tui cleanup --orphans`: the inventory's orphans (leftovers of clusters that are gone, used by
// nothing), with the same plan / typed confirmation (`cleanup`) / checklist / re-scan as `down`.
// `kube-tui cleanup --expired`: every cluster of the region whose `kube-tui/expires-at` has passed,
// each torn down as `down` tears it down (its plan, guards, typed name or --yes, re-scan).

import { EXIT, UsageError } from '../model/exit.js';
import type { InventoryCluster } from '../model/inventory.js';
import { isExpired, PROTECT_TAG } from '../model/lifecycle.js';
import { resolveRegion } from '../model/options.js';
import { cleanupCommand, downCommand } from '../wording/command-lines.js';
import type { GlobalOptions } from './global-options.js';
import { interruptible, openEngine } from './session.js';
import { parseTimeout, runTeardownCommand, type TeardownEnded, teardownWith } from './teardown.js';
import { requireTerminal } from './terminal.js';

export interface CleanupOptions extends Record<string, unknown> {
  orphans?: boolean;
  expired?: boolean;
  allRegions?: boolean;
  timeout?: string;
  yes?: boolean;
  dryRun?: boolean;
  deleteDataVolumes?: boolean;
  forceRevoke?: boolean;
  json?: boolean;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

export async function runCleanup({
  globals,
  options,
}: {
  globals: GlobalOptions;
  options: CleanupOptions;
}): Promise<void> {
  const region = resolveRegion(globals.region);
  const timeoutMs = parseTimeout(options.timeout);
  if (Boolean(options.orphans) === Boolean(options.expired)) {
    throw new UsageError(
      'cleanup: give exactly one of --orphans (leftovers of clusters that are gone) or --expired (clusters past their kube-tui/expires-at)',
    );
  }
  if (options.allRegions && !options.expired) {
    throw new UsageError(
      'cleanup --all-regions: only with --expired (the orphans are cleaned up one region at a time)',
    );
  }
  if (options.expired) {
    await runCleanupExpired({ globals, options, region, timeoutMs });
    return;
  }
  const target = { kind: 'orphans' as const, region };
  const again = { region, connection: globals, timeout: options.timeout, forceRevoke: options.forceRevoke };
  if (!options.yes && !options.dryRun) {
    requireTerminal(
      'kube-tui cleanup without --yes (it shows the plan and asks you to type cleanup)',
      `${cleanupCommand({ yes: true })}, or --dry-run to see the plan`,
    );
    const { runInteractive } = await import('./interactive.js');
    await runInteractive({
      globals: { ...globals, region },
      initialScreen: 'teardown',
      teardown: {
        target,
        timeoutMs,
        ...(options.forceRevoke ? { forceRevoke: true } : {}),
        rerun: cleanupCommand(again),
      },
    });
    return;
  }
  await runTeardownCommand({
    globals,
    target,
    timeoutMs,
    dryRun: Boolean(options.dryRun),
    deleteDataVolumes: Boolean(options.deleteDataVolumes),
    forceRevoke: Boolean(options.forceRevoke),
    json: Boolean(options.json),
    rerun: cleanupCommand({ ...again, yes: true }),
  });
}

/** The expired clusters of an inventory at `now`, protected ones apart (no teardown touches them). */
export function expiredClusters(
  clusters: readonly InventoryCluster[],
  now: number,
): { due: InventoryCluster[]; protectedOnes: InventoryCluster[] } {
  const expired = clusters.filter((cluster) => isExpired(cluster.expiresAt, now));
  return {
    due: expired.filter((cluster) => !cluster.protected),
    protectedOnes: expired.filter((cluster) => cluster.protected),
  };
}

/** The `cleanup --expired --json` document of DESIGN.md section 4. */
function expiredDocument(
  region: string,
  ended: { cluster: InventoryCluster; ended: TeardownEnded }[],
  protectedOnes: InventoryCluster[],
  dryRun: boolean,
) {
  return {
    region,
    expired: ended.map(({ cluster, ended: end }) => ({
      name: cluster.name,
      region: cluster.region,
      expiresAt: cluster.expiresAt ?? null,
      ...(dryRun ? { plan: end.document } : { result: end.document }),
      exitCode: end.exitCode,
    })),
    protected: protectedOnes.map((cluster) => ({
      name: cluster.name,
      region: cluster.region,
      expiresAt: cluster.expiresAt ?? null,
    })),
  };
}

async function runCleanupExpired({
  globals,
  options,
  region,
  timeoutMs,
}: {
  globals: GlobalOptions;
  options: CleanupOptions;
  region: string;
  timeoutMs: number;
}): Promise<void> {
  const allRegions = Boolean(options.allRegions);
  const again = {
    region,
    allRegions,
    connection: globals,
    timeout: options.timeout,
    select: 'expired' as const,
    forceRevoke: options.forceRevoke,
  };
  const where = allRegions ? 'any enabled region' : region;
  // From cron or CI there is no terminal: --yes (or --dry-run) is the only way, and the error says so.
  const interactive = !options.yes && !options.dryRun;
  if (interactive) {
    requireTerminal(
      'kube-tui cleanup --expired without --yes (it shows each plan and asks you to type the cluster name)',
      `${cleanupCommand({ ...again, yes: true })}, or --dry-run to see the plans`,
    );
  }
  const log = options.json ? err : out;
  const engine = await openEngine(globals, region);
  const controller = interruptible(err);
  let due: InventoryCluster[];
  let protectedOnes: InventoryCluster[];
  const ended: { cluster: InventoryCluster; ended: TeardownEnded }[] = [];
  try {
    const inventory = await engine.discover({ allRegions, signal: controller.signal });
    ({ due, protectedOnes } = expiredClusters(inventory.clusters, Date.now()));
    log(
      due.length === 0
        ? `No expired cluster in ${where}: nothing to delete.`
        : `${due.length} expired ${due.length === 1 ? 'cluster' : 'clusters'} in ${where}: ${due.map((cluster) => `${cluster.name}${allRegions ? ` in ${cluster.region}` : ''} (expired ${cluster.expiresAt})`).join(', ')}`,
    );
    for (const cluster of protectedOnes)
      log(
        `⚠ ${cluster.name} expired ${cluster.expiresAt} but is protected (${PROTECT_TAG}=true): kept; ${downCommand({ cluster: cluster.name, region: cluster.region, connection: globals })} --dry-run shows the tag to remove`,
      );
    if (!interactive) {
      // One cluster after another, each as `down --yes` would: a failure does not stop the others.
      for (const cluster of due) {
        if (controller.signal.aborted) break;
        const target = { kind: 'cluster' as const, cluster: { name: cluster.name, region: cluster.region } };
        // The engine plans and deletes in its own region: one per region the expired clusters are in.
        const regional = cluster.region === region ? engine : await openEngine(globals, cluster.region);
        const end = await teardownWith(regional, controller.signal, {
          target,
          timeoutMs,
          dryRun: Boolean(options.dryRun),
          deleteDataVolumes: Boolean(options.deleteDataVolumes),
          forceRevoke: Boolean(options.forceRevoke),
          json: Boolean(options.json),
          rerun: cleanupCommand({ ...again, yes: true }),
          // Gone since the scan (deleted by another run): that is what was asked.
          absentIsDone: true,
        }).finally(() => {
          if (regional !== engine) regional.close();
        });
        ended.push({ cluster, ended: end });
      }
      if (options.json)
        out(
          JSON.stringify(
            expiredDocument(allRegions ? 'all' : region, ended, protectedOnes, Boolean(options.dryRun)),
            null,
            2,
          ),
        );
      const worst = ended.map((entry) => entry.ended.exitCode).find((code) => code !== 0);
      if (worst !== undefined) process.exitCode = worst;
      else if (controller.signal.aborted) process.exitCode = EXIT.failed;
      return;
    }
  } finally {
    controller.dispose();
    engine.close();
  }
  // On a terminal: the Teardown screen for each, with its typed name; the first that does not end
  // deleted stops the rest.
  const { runInteractive } = await import('./interactive.js');
  for (const cluster of due) {
    const target = { kind: 'cluster' as const, cluster: { name: cluster.name, region: cluster.region } };
    await runInteractive({
      globals: { ...globals, region: cluster.region },
      initialScreen: 'teardown',
      teardown: {
        target,
        timeoutMs,
        rerun: downCommand({
          cluster: cluster.name,
          region: cluster.region,
          connection: globals,
          timeout: options.timeout,
        }),
      },
    });
    if (process.exitCode !== undefined && process.exitCode !== 0) return;
  }
}

// `kube-tui inventory`: every cluster found by tags and kube-up's names, and the orphans kube-down
// left, as tables or (--json) the document of DESIGN.md section 4. Read-only.

import { costSoFarUsd, estimateHourlyCost } from '../model/cluster-cost.js';
import { UsageError } from '../model/exit.js';
import type { Inventory, InventoryResource } from '../model/inventory.js';
import { isExpired } from '../model/lifecycle.js';
import { resolveRegion, validClusterName } from '../model/options.js';
import { formatUsd, PRICES_AS_OF, PRICES_REGION } from '../model/prices.js';
import { monthlyPriceOf, spendOf } from '../model/spend.js';
import { inventoryCommand } from '../wording/command-lines.js';
import {
  clusterState,
  formatAge,
  formatCounts,
  formatHourlyCost,
  OWNERSHIP_NOTES,
} from '../wording/inventory-view.js';
import { clusterLifecycle } from '../wording/lifecycle.js';
import { clustersElsewhereSentences, foundElsewhereSentences } from '../wording/outcome.js';
import { formatMonthlyPrice, spendCaveat, spendFigures } from '../wording/spend.js';
import { layoutTable, wrapIndented } from '../wording/table.js';
import type { GlobalOptions } from './global-options.js';
import { interruptible, openEngine } from './session.js';

export interface InventoryOptions extends Record<string, unknown> {
  cluster?: string;
  allRegions?: boolean;
  json?: boolean;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** Only the named cluster, and only the orphans its tags or names tie to it. */
export function filterInventory(inventory: Inventory, cluster: string | undefined): Inventory {
  if (cluster === undefined) return inventory;
  return {
    ...inventory,
    clusters: inventory.clusters.filter((entry) => entry.name === cluster),
    orphans: inventory.orphans.filter((orphan) => orphan.cluster === cluster),
  };
}

/**
 * The JSON document of DESIGN.md section 4, exactly. With --all-regions `region` is `"all"`; each
 * cluster and orphan carries its own region (`global` for IAM, a bucket's own region for buckets).
 */
export function inventoryDocument(inventory: Inventory, now: number = Date.now()) {
  const resource = (entry: InventoryResource) => ({
    type: entry.type,
    id: entry.id,
    name: entry.name,
    state: entry.state ?? null,
    tags: entry.tags,
  });
  const spend = spendOf(inventory);
  return {
    region: inventory.region,
    spend: {
      runningHourlyUsd: roundUsd(spend.runningHourlyUsd, 4),
      leakingMonthlyUsd: roundUsd(spend.leakingMonthlyUsd, 2),
      unpriced: spend.unpriced,
      pricesAsOf: PRICES_AS_OF,
      pricesRegion: PRICES_REGION,
    },
    clusters: inventory.clusters.map((cluster) => {
      const cost = estimateHourlyCost(cluster.resources);
      return {
        name: cluster.name,
        region: cluster.region,
        hourlyUsd: roundUsd(cost.hourlyUsd, 4),
        costSoFarUsd: roundUsd(costSoFarUsd(cluster, now), 2),
        unpriced: cost.unpriced,
        expiresAt: cluster.expiresAt ?? null,
        expired: isExpired(cluster.expiresAt, now),
        protected: cluster.protected ?? false,
        resources: cluster.resources.map(resource),
      };
    }),
    orphans: inventory.orphans.map((orphan) => {
      const price = monthlyPriceOf(orphan);
      return {
        type: orphan.type,
        id: orphan.id,
        name: orphan.name,
        region: orphan.region,
        reason: orphan.reason,
        // 0 for what AWS bills nothing for; null for what the table has no price for, never 0.
        monthlyUsd: price === 'free' ? 0 : price === 'unpriced' ? null : roundUsd(price.usd, 2),
        price: typeof price === 'string' ? price : price.atLeast ? 'at-least' : 'exact',
      };
    }),
  };
}

const roundUsd = (amount: number, digits: number) => Number(amount.toFixed(digits));

/** The plain report: a table per cluster, then the orphans with their reasons. */
export function formatInventory(
  inventory: Inventory,
  options: { cluster?: string; now?: number; columns?: number } = {},
): string[] {
  const lines: string[] = [];
  // On a terminal, long lines wrap at its width (indented under where they start).
  const width = options.columns;
  const push = (line: string, indent = 2) =>
    lines.push(...(width ? wrapIndented(line, width, indent) : [line]));
  const table = (header: string[], rows: string[][], caps: number[]) =>
    layoutTable(header, rows, { caps, ...(width ? { width: width - 2 } : {}) });
  const where = inventory.allRegions
    ? `all ${inventory.regions.length} enabled regions`
    : inventory.regions.join(', ');
  push(`Inventory of ${where}${inventory.accountId ? ` (account ${inventory.accountId})` : ''}`);
  if (inventory.clusters.length === 0) {
    lines.push('', options.cluster ? `No cluster ${options.cluster} found.` : 'No cluster found.');
  }
  for (const cluster of inventory.clusters) {
    lines.push('');
    const lifecycle = clusterLifecycle(cluster, options.now ?? Date.now());
    push(
      `Cluster ${cluster.name} · ${cluster.region} · ${clusterState(cluster)} · up ${formatAge(cluster.createdAt, options.now)} · about ${formatHourlyCost(cluster.resources)}, ${formatUsd(costSoFarUsd(cluster, options.now))} so far${lifecycle ? ` · ${lifecycle}` : ''}`,
    );
    push(`  ${formatCounts(cluster.resources)}`, 4);
    const rows = cluster.resources.map((resource) => [
      resource.type,
      resource.name === resource.id ? '' : resource.name,
      resource.id,
      resource.state ?? '',
      [
        OWNERSHIP_NOTES[resource.ownership],
        resource.alsoClaimedBy?.length ? `also ${resource.alsoClaimedBy.map((c) => c.name).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    ]);
    for (const row of table(['TYPE', 'NAME', 'ID', 'STATE', 'NOTE'], rows, [20, 34, 44, 18])) {
      lines.push(`  ${row}`);
    }
  }
  lines.push('');
  if (inventory.orphans.length === 0) {
    lines.push('No orphans.');
  } else {
    push(
      `Orphans (${inventory.orphans.length}): left by clusters that are gone and used by nothing; remove them with kube-tui cleanup --orphans`,
    );
    const rows = inventory.orphans.map((orphan) => [
      orphan.type,
      orphan.name === orphan.id ? '' : orphan.name,
      orphan.id,
      orphan.region,
      formatMonthlyPrice(monthlyPriceOf(orphan)),
    ]);
    const [header, ...body] = table(['TYPE', 'NAME', 'ID', 'REGION', 'COST'], rows, [20, 34, 44, 16]);
    lines.push(`  ${header}`);
    body.forEach((row, index) => {
      lines.push(`  ${row}`);
      push(`      ↳ ${inventory.orphans[index]!.reason}`, 8);
    });
  }
  const spend = spendOf(inventory);
  lines.push('');
  push(`Spend: ${spendFigures(spend)}`);
  push(`  ${spendCaveat(spend)}`, 4);
  return lines;
}

export async function runInventory({
  globals,
  options,
}: {
  globals: GlobalOptions;
  options: InventoryOptions;
}): Promise<void> {
  const region = resolveRegion(globals.region);
  if (options.cluster !== undefined && options.cluster.trim() === '') {
    throw new UsageError('--cluster: give the name of a cluster (e.g. --cluster kubernetes)');
  }
  if (options.cluster !== undefined) validClusterName(options.cluster);
  const engine = await openEngine(globals, region);
  const controller = interruptible(err);
  try {
    const inventory = filterInventory(
      await engine.discover({ allRegions: Boolean(options.allRegions), signal: controller.signal }),
      options.cluster,
    );
    if (options.json) out(JSON.stringify(inventoryDocument(inventory), null, 2));
    else
      for (const line of formatInventory(inventory, {
        ...(options.cluster ? { cluster: options.cluster } : {}),
        // Piped output keeps one line per row; a terminal wraps at its width.
        ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
      }))
        out(line);
    if (!options.allRegions && inventory.clusters.length === 0) {
      // Nothing here: say which regions have clusters (one tag lookup per region), on stderr so the
      // JSON document stays as it is.
      const located = await engine.locateElsewhere(region, options.cluster, controller.signal);
      const commandIn = (where: string) =>
        inventoryCommand({
          region: where,
          ...(options.cluster ? { cluster: options.cluster } : {}),
          connection: globals,
        });
      const lines = options.cluster
        ? foundElsewhereSentences(options.cluster, located, commandIn)
        : clustersElsewhereSentences(region, located, commandIn);
      for (const line of lines) (options.json ? err : out)(line);
    }
  } finally {
    controller.dispose();
    engine.close();
  }
}

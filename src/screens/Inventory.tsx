// The Inventory screen: every cluster with its counts per kind, state, age and hourly cost; one
// cluster's resources; the orphans with their reasons. Props only: the app runs Engine.discover
// and passes its progress in `load`; `r`, `d`, `s` and `c` are intents the app performs.
import { Box, Text } from 'ink';
import { costSoFarUsd } from '../model/cluster-cost.js';
import type { InventoryCluster, Inventory as InventoryData } from '../model/inventory.js';
import { clusterKey } from '../model/inventory.js';
import { formatUsd } from '../model/prices.js';
import { monthlyPriceOf, spendOf } from '../model/spend.js';
import {
  filteredInventory,
  type InventoryLoad,
  type InventoryScreenState,
  initialInventoryScreen,
  listRows,
} from '../state/inventory-screen.js';
import {
  clusterState,
  formatAge,
  formatCounts,
  formatHourlyCost,
  keyTags,
  OWNERSHIP_SHORT,
} from '../wording/inventory-view.js';
import { clusterLifecycle } from '../wording/lifecycle.js';
import { formatMonthlyPrice, PRICES_NOTE, spendFigures } from '../wording/spend.js';
import { layoutTable } from '../wording/table.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HINTS, type KeyHint } from './keymap.js';

const TEARDOWN_HINT: KeyHint = { keys: 'd', action: 'tear down' };
const SCALE_HINT: KeyHint = { keys: 's', action: 'scale' };
const CLEANUP_HINT: KeyHint = { keys: 'c', action: 'clean up orphans' };
const OPEN_HINT: KeyHint = { keys: 'enter', action: 'open' };
const SCROLL_HINT: KeyHint = { keys: '↑/↓ j/k', action: 'scroll' };
const FILTER_HINT: KeyHint = { keys: '/', action: 'filter' };
const FILTERING_HINTS: KeyHint[] = [
  { keys: 'type', action: 'the filter' },
  { keys: 'enter', action: 'keep it' },
  { keys: 'esc', action: 'clear it' },
];

export interface InventoryProps {
  /** Where AWS calls go, for the header. */
  target: string;
  load: InventoryLoad;
  /** Where the user is (kept in the app state; the app's reducer takes the keys). */
  view?: InventoryScreenState;
  /** Detail rows shown at once (resources of a cluster, orphans). */
  visibleRows?: number;
  /** Picking a cluster to tear down (`down` with no --cluster). */
  pick?: boolean;
  /** Clock for ages (tests pin it). */
  now?: number;
}

export function Inventory({
  target,
  load,
  view: state = initialInventoryScreen(),
  visibleRows = 12,
  now = Date.now(),
  pick = false,
}: InventoryProps) {
  const inventory = filteredInventory(load.status === 'loading' ? undefined : load.inventory, state);
  const rows = listRows(inventory);
  const cursor = Math.min(state.cursor, rows.length - 1);

  return (
    <Box flexDirection="column">
      <Header title={pick ? 'pick a cluster to tear down' : 'Inventory'} target={target} />
      <Status load={load} />
      {state.filtering || state.filter ? (
        <Text wrap="truncate-end">
          <Text color="cyan">/ </Text>
          {state.filter}
          {state.filtering ? <Text inverse> </Text> : <Text dimColor> (esc clears)</Text>}
        </Text>
      ) : null}
      {inventory && state.view === 'list' ? (
        <ClusterList inventory={inventory} cursor={cursor} now={now} />
      ) : null}
      {inventory && state.view === 'cluster' ? (
        <ClusterDetail
          cluster={inventory.clusters.find((cluster) => clusterKey(cluster) === state.openCluster)}
          name={state.openCluster ?? ''}
          offset={state.offset}
          visible={visibleRows}
          now={now}
        />
      ) : null}
      {inventory && state.view === 'orphans' ? (
        <Orphans inventory={inventory} offset={state.offset} visible={visibleRows} />
      ) : null}
      <Footer
        hints={
          state.filtering
            ? FILTERING_HINTS
            : pick && state.view === 'list'
              ? [
                  HINTS.move,
                  { keys: 'enter', action: 'tear it down' },
                  FILTER_HINT,
                  HINTS.refresh,
                  HINTS.quit,
                ]
              : hintsFor(state.view, rows[cursor]?.kind, inventory?.orphans.length ?? 0)
        }
      />
    </Box>
  );
}

/** Only keys that do something here: no `c` without orphans, no `d` without a cluster row. */
function hintsFor(view: string, row: 'cluster' | 'orphans' | undefined, orphans: number): KeyHint[] {
  const cleanup = orphans > 0 ? [CLEANUP_HINT] : [];
  if (view === 'cluster')
    return [SCROLL_HINT, TEARDOWN_HINT, SCALE_HINT, FILTER_HINT, HINTS.refresh, HINTS.back, HINTS.help];
  if (view === 'orphans')
    return [SCROLL_HINT, ...cleanup, FILTER_HINT, HINTS.refresh, HINTS.back, HINTS.help];
  const action = row === 'orphans' ? cleanup : row === 'cluster' ? [TEARDOWN_HINT, SCALE_HINT] : [];
  return [HINTS.move, OPEN_HINT, ...action, FILTER_HINT, HINTS.refresh, HINTS.back, HINTS.help];
}

function Status({ load }: { load: InventoryLoad }) {
  if (load.status === 'loading') return <Text>Scanning for clusters and orphans…</Text>;
  if (load.status === 'failed') {
    return (
      <Box flexDirection="column">
        <Text color="red" wrap="truncate-end">
          ✖ Discovery failed: {load.message}
        </Text>
        <Text dimColor>Press r to try again.</Text>
      </Box>
    );
  }
  const { inventory } = load;
  const where = inventory.allRegions
    ? `all ${inventory.regions.length} regions`
    : inventory.regions.join(', ');
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate-end">
        {inventory.clusters.length} {inventory.clusters.length === 1 ? 'cluster' : 'clusters'} and{' '}
        {inventory.orphans.length} {inventory.orphans.length === 1 ? 'orphan' : 'orphans'} in {where}
        {inventory.accountId ? ` · account ${inventory.accountId}` : ''} · scanned{' '}
        {inventory.scannedAt.slice(11, 19)} UTC
        {load.refreshing ? ' · refreshing…' : ''}
      </Text>
      <Text wrap="truncate-end">
        {spendFigures(spendOf(inventory))} <Text dimColor>· {PRICES_NOTE}</Text>
      </Text>
    </Box>
  );
}

function ClusterList({ inventory, cursor, now }: { inventory: InventoryData; cursor: number; now: number }) {
  // Columns sized to their content with a gap, so names and states never run together.
  const [header = '', ...rows] = layoutTable(
    ['NAME', 'REGION', 'STATE', 'UP', 'COST', 'EXPIRES'],
    inventory.clusters.map((cluster) => [
      cluster.name,
      cluster.region,
      clusterState(cluster),
      formatAge(cluster.createdAt, now),
      `~${formatHourlyCost(cluster.resources)}`,
      clusterLifecycle(cluster, now) || '–',
    ]),
    { caps: [28, 16, 36, 8, 12, 28] },
  );
  return (
    <Box flexDirection="column" marginTop={1}>
      {inventory.clusters.length === 0 ? (
        <Text>No cluster found.</Text>
      ) : (
        <Text dimColor wrap="truncate-end">
          {'  '}
          {header}
        </Text>
      )}
      {inventory.clusters.map((cluster, index) => (
        <Box key={clusterKey(cluster)} flexDirection="column">
          <Text wrap="truncate-end" bold={index === cursor}>
            {index === cursor ? '❯ ' : '  '}
            {rows[index]}
          </Text>
          <Text dimColor wrap="truncate-end">
            {'    '}
            {formatUsd(costSoFarUsd(cluster, now))} so far · {formatCounts(cluster.resources)}
          </Text>
        </Box>
      ))}
      <Box marginTop={1}>
        <Text wrap="truncate-end" bold={cursor === inventory.clusters.length}>
          {cursor === inventory.clusters.length ? '❯ ' : '  '}Orphans{' '}
          <Text dimColor>
            {inventory.orphans.length === 0
              ? 'none'
              : `${inventory.orphans.length} ${inventory.orphans.length === 1 ? 'leftover' : 'leftovers'} of clusters that are gone`}
          </Text>
        </Text>
      </Box>
    </Box>
  );
}

function ClusterDetail({
  cluster,
  name,
  offset,
  visible,
  now,
}: {
  cluster: InventoryCluster | undefined;
  name: string;
  offset: number;
  visible: number;
  now: number;
}) {
  if (!cluster) return <Text>Cluster {name} is no longer there.</Text>;
  // Only the columns that have data, each as wide as its content.
  const [header = '', ...body] = layoutTable(
    ['TYPE', 'NAME', 'ID', 'STATE', 'KEY TAGS'],
    cluster.resources.map((resource) => [
      resource.type,
      resource.name,
      resource.id,
      resource.state ?? '',
      [OWNERSHIP_SHORT[resource.ownership], keyTags(resource, cluster.name)].filter(Boolean).join(' · '),
    ]),
    { caps: [22, 36, 44, 14] },
  );
  const keys = cluster.resources.map((resource) => `${resource.type}:${resource.region}:${resource.id}`);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold wrap="wrap">
        Cluster {cluster.name} · {cluster.region} · {clusterState(cluster)} · up{' '}
        {formatAge(cluster.createdAt, now)} · ~{formatHourlyCost(cluster.resources)},{' '}
        {formatUsd(costSoFarUsd(cluster, now))} so far
        {clusterLifecycle(cluster, now) ? ` · ${clusterLifecycle(cluster, now)}` : ''}
      </Text>
      <Text dimColor wrap="truncate-end">
        {formatCounts(cluster.resources)}
      </Text>
      <Text dimColor wrap="truncate-end">
        {header}
      </Text>
      {body.slice(offset, offset + visible).map((line, index) => (
        <Text key={keys[offset + index]} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Text dimColor>
        {cluster.resources.length > visible
          ? `rows ${offset + 1}–${Math.min(offset + visible, cluster.resources.length)} of ${cluster.resources.length}`
          : `${cluster.resources.length} resources`}
      </Text>
    </Box>
  );
}

function Orphans({
  inventory,
  offset,
  visible,
}: {
  inventory: InventoryData;
  offset: number;
  visible: number;
}) {
  if (inventory.orphans.length === 0) {
    return (
      <Box marginTop={1}>
        <Text>No orphans: nothing is left of a cluster that is gone.</Text>
      </Box>
    );
  }
  const shown = inventory.orphans.slice(offset, offset + visible);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Orphans: left by clusters that are gone, used by nothing</Text>
      {shown.map((orphan) => (
        <Box key={`${orphan.type}:${orphan.region}:${orphan.id}`} flexDirection="column">
          <Text wrap="truncate-end">
            {orphan.type} {orphan.name === orphan.id ? orphan.id : `${orphan.name} (${orphan.id})`}{' '}
            <Text dimColor>{orphan.region}</Text> {formatMonthlyPrice(monthlyPriceOf(orphan))}
          </Text>
          <Text dimColor wrap="wrap">
            {'  ↳ '}
            {orphan.reason}
          </Text>
        </Box>
      ))}
      <Text dimColor>
        {inventory.orphans.length > visible
          ? `orphans ${offset + 1}–${Math.min(offset + visible, inventory.orphans.length)} of ${inventory.orphans.length}`
          : `${inventory.orphans.length} orphans`}
      </Text>
    </Box>
  );
}

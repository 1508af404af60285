// The Inventory screen's state, a pure reducer: the discovery it asked for (one request id per
// opening, `r`, or return from a teardown; the answer fed by the adapter use-inventory-flow.ts from
// Engine.discover) and where the user is (the list of clusters and the Orphans row, one cluster's
// resources, or the orphans). Nothing here knows about Ink or AWS, so keys, navigation and stale
// answers are unit-tested directly.
import type { ClusterId, Inventory } from '../model/inventory.js';
import { clusterKey } from '../model/inventory.js';
import type { ZoneNodes } from '../model/scale.js';
import { newRequestId } from './request-id.js';

/** The discovery's progress and result. */
export type InventoryLoad =
  | { status: 'loading' }
  | { status: 'loaded'; inventory: Inventory; refreshing?: boolean }
  | { status: 'failed'; message: string; inventory?: Inventory };

/** The Inventory screen: the discovery (by request id) and where the user is in it. */
export interface InventoryState {
  /** The discovery's id (unique in the process), so a stale answer is ignored. */
  request: number;
  /** Opened to pick a cluster to tear down (`down` with no --cluster): Enter picks, Esc quits. */
  pick?: boolean;
  load: InventoryLoad;
  view: InventoryScreenState;
}

/** The discovery's answers, each for the request that asked. */
export type InventoryAction =
  | { type: 'inventory/loaded'; request: number; inventory: Inventory }
  | { type: 'inventory/failed'; request: number; message: string };

export type InventoryView = 'list' | 'cluster' | 'orphans';

export interface InventoryScreenState {
  view: InventoryView;
  /** The highlighted row of the list: clusters in order, then the Orphans row. */
  cursor: number;
  /** The open cluster (view `cluster`), by `region/name`, so a refresh keeps it open. */
  openCluster?: string;
  /** First visible row of the open cluster's resources or of the orphans. */
  offset: number;
  /** `/`: only the rows containing this text (any case) are shown. */
  filter?: string;
  /** The filter is being typed: printable keys go into it. */
  filtering?: boolean;
}

export type InventoryScreenAction =
  | { type: 'move'; delta: number; rows: number }
  | { type: 'open-cluster'; cluster: ClusterId }
  | { type: 'open-orphans' }
  | { type: 'scroll'; delta: number; rows: number; visible: number }
  | { type: 'back' }
  | { type: 'filter'; text: string; typing: boolean };

/** What a key asks for beyond the screen's own state: the app performs it. */
export type InventoryEffect =
  | { type: 'refresh' }
  | { type: 'teardown'; cluster: ClusterId }
  | { type: 'scale'; cluster: ClusterId }
  | { type: 'cleanup' }
  | { type: 'leave' };

export type InventoryKey = 'up' | 'down' | 'enter' | 'escape' | 'refresh' | 'teardown' | 'scale' | 'cleanup';

export function initialInventoryScreen(): InventoryScreenState {
  return { view: 'list', cursor: 0, offset: 0 };
}

/**
 * A new discovery with a fresh request id. `previous` is the screen as it was: its last inventory
 * stays on screen, marked refreshing, until the new one answers, and a pick stays a pick.
 */
export function discoverInventory(
  previous: InventoryState | undefined,
  view: InventoryScreenState,
  pick = Boolean(previous?.pick),
): InventoryState {
  const last = previous?.load;
  const load: InventoryLoad =
    last?.status === 'loaded'
      ? { ...last, refreshing: true }
      : last?.status === 'failed' && last.inventory
        ? { status: 'loaded', inventory: last.inventory, refreshing: true }
        : { status: 'loading' };
  return { request: newRequestId(), load, view, ...(pick ? { pick } : {}) };
}

/**
 * A cluster the scan no longer finds (torn down meanwhile) cannot stay open: the list is shown
 * again, the cursor on a cluster that remains (the same row, or the last), or on Orphans when none
 * is left.
 */
function withoutGoneCluster(view: InventoryScreenState, inventory: Inventory): InventoryScreenState {
  if (
    view.view !== 'cluster' ||
    inventory.clusters.some((cluster) => clusterKey(cluster) === view.openCluster)
  )
    return view;
  const list = inventoryScreenReducer(view, { type: 'back' });
  return { ...list, cursor: Math.max(0, Math.min(list.cursor, inventory.clusters.length - 1)) };
}

/** An answer for the current request replaces the load; a failure keeps the last inventory shown. */
export function inventoryReducer(state: InventoryState, action: InventoryAction): InventoryState {
  if (action.request !== state.request) return state;
  switch (action.type) {
    case 'inventory/loaded':
      return {
        ...state,
        view: withoutGoneCluster(state.view, action.inventory),
        load: { status: 'loaded', inventory: action.inventory },
      };
    case 'inventory/failed': {
      const previous = state.load;
      return {
        ...state,
        load: {
          status: 'failed',
          message: action.message,
          ...(previous.status === 'loaded' ? { inventory: previous.inventory } : {}),
        },
      };
    }
  }
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

export function inventoryScreenReducer(
  state: InventoryScreenState,
  action: InventoryScreenAction,
): InventoryScreenState {
  switch (action.type) {
    case 'move':
      return { ...state, cursor: clamp(state.cursor + action.delta, 0, Math.max(0, action.rows - 1)) };
    case 'open-cluster': {
      const { filter: _filter, filtering: _filtering, ...rest } = state;
      return { ...rest, view: 'cluster', openCluster: clusterKey(action.cluster), offset: 0 };
    }
    case 'open-orphans': {
      const { filter: _filter, filtering: _filtering, ...rest } = state;
      return { ...rest, view: 'orphans', offset: 0 };
    }
    case 'scroll':
      return {
        ...state,
        offset: clamp(state.offset + action.delta, 0, Math.max(0, action.rows - action.visible)),
      };
    case 'back': {
      const { openCluster: _closed, filter: _filter, filtering: _filtering, ...rest } = state;
      return { ...rest, view: 'list', offset: 0 };
    }
    case 'filter':
      return { ...state, filter: action.text, filtering: action.typing, cursor: 0, offset: 0 };
  }
}

const matches = (filter: string | undefined, ...fields: (string | undefined)[]) =>
  !filter || fields.some((field) => field?.toLowerCase().includes(filter.toLowerCase()));

/**
 * The inventory as the screen shows it: with a filter, only the clusters (on the list), the open
 * cluster's resources or the orphans whose names, ids, types or tags contain it.
 */
export function filteredInventory(
  inventory: Inventory | undefined,
  state: InventoryScreenState,
): Inventory | undefined {
  const { filter } = state;
  if (!inventory || !filter) return inventory;
  const resourceMatches = (
    resource: Inventory['orphans'][number] | Inventory['clusters'][number]['resources'][number],
  ) =>
    matches(
      filter,
      resource.type,
      resource.name,
      resource.id,
      resource.state,
      ...Object.values(resource.tags),
    );
  switch (state.view) {
    case 'list':
      return {
        ...inventory,
        clusters: inventory.clusters.filter((cluster) => matches(filter, cluster.name, cluster.region)),
      };
    case 'cluster':
      return {
        ...inventory,
        clusters: inventory.clusters.map((cluster) =>
          clusterKey(cluster) === state.openCluster
            ? { ...cluster, resources: cluster.resources.filter(resourceMatches) }
            : cluster,
        ),
      };
    case 'orphans':
      return { ...inventory, orphans: inventory.orphans.filter(resourceMatches) };
  }
}

/** The list's rows: every cluster, then Orphans (always there, so `c` has a place to live). */
export function listRows(
  inventory: Inventory | undefined,
): ({ kind: 'cluster'; cluster: ClusterId } | { kind: 'orphans' })[] {
  return [
    ...(inventory?.clusters ?? []).map((cluster) => ({
      kind: 'cluster' as const,
      cluster: { name: cluster.name, region: cluster.region },
    })),
    { kind: 'orphans' as const },
  ];
}

/** The node group's desired count, as discovery saw it (where the scale screen's entry starts). */
export function desiredNodes(inventory: Inventory | undefined, cluster: ClusterId): number | undefined {
  const found = inventory?.clusters.find((entry) => clusterKey(entry) === clusterKey(cluster));
  const groups = (found?.resources ?? []).filter((resource) => resource.type === 'auto-scaling-group');
  const desired = groups.length === 1 ? groups[0]?.detail?.desiredCapacity : undefined;
  return typeof desired === 'number' ? desired : undefined;
}

/**
 * The cluster's node groups by zone, each with its desired count, in zone order: one entry per
 * group that launches into exactly one zone (a cluster with nodes in several zones has one each).
 */
export function nodeGroupZones(inventory: Inventory | undefined, cluster: ClusterId): ZoneNodes[] {
  const found = inventory?.clusters.find((entry) => clusterKey(entry) === clusterKey(cluster));
  return (found?.resources ?? [])
    .filter((resource) => resource.type === 'auto-scaling-group' && resource.detail?.zones?.length === 1)
    .map((group) => {
      const nodes = group.detail?.desiredCapacity;
      return { zone: group.detail!.zones![0]!, ...(typeof nodes === 'number' ? { nodes } : {}) };
    })
    .sort((a, b) => a.zone.localeCompare(b.zone));
}

/** The cluster the open view shows or the cursor is on, if any. */
export function selectedCluster(
  state: InventoryScreenState,
  inventory: Inventory | undefined,
): ClusterId | undefined {
  if (state.view === 'cluster') {
    const open = inventory?.clusters.find((cluster) => clusterKey(cluster) === state.openCluster);
    return open ? { name: open.name, region: open.region } : undefined;
  }
  if (state.view !== 'list') return undefined;
  const row = listRows(inventory)[state.cursor];
  return row?.kind === 'cluster' ? row.cluster : undefined;
}

/**
 * One key press: the state change it makes and the effect the app must perform. `visible` is how
 * many detail rows fit on screen.
 */
export function inventoryKey(
  state: InventoryScreenState,
  inventory: Inventory | undefined,
  key: InventoryKey,
  visible: number,
): { action?: InventoryScreenAction; effect?: InventoryEffect } {
  const rows = listRows(inventory);
  const detailRows =
    state.view === 'cluster'
      ? (inventory?.clusters.find((cluster) => clusterKey(cluster) === state.openCluster)?.resources.length ??
        0)
      : (inventory?.orphans.length ?? 0);
  switch (key) {
    case 'up':
    case 'down': {
      const delta = key === 'up' ? -1 : 1;
      if (state.view === 'list') return { action: { type: 'move', delta, rows: rows.length } };
      return { action: { type: 'scroll', delta, rows: detailRows, visible } };
    }
    case 'enter': {
      if (state.view !== 'list' || !inventory) return {};
      const row = rows[state.cursor];
      if (!row) return {};
      return {
        action:
          row.kind === 'cluster' ? { type: 'open-cluster', cluster: row.cluster } : { type: 'open-orphans' },
      };
    }
    case 'escape':
      return state.view === 'list' ? { effect: { type: 'leave' } } : { action: { type: 'back' } };
    case 'refresh':
      return { effect: { type: 'refresh' } };
    case 'teardown': {
      const cluster = selectedCluster(state, inventory);
      return cluster ? { effect: { type: 'teardown', cluster } } : {};
    }
    case 'scale': {
      const cluster = selectedCluster(state, inventory);
      return cluster ? { effect: { type: 'scale', cluster } } : {};
    }
    case 'cleanup': {
      const onOrphans =
        state.view === 'orphans' || (state.view === 'list' && rows[state.cursor]?.kind === 'orphans');
      return onOrphans && (inventory?.orphans.length ?? 0) > 0 ? { effect: { type: 'cleanup' } } : {};
    }
  }
}

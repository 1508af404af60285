// The live checklist both flows share (provisioning's eleven steps, teardown's resources in
// deletion order): a status per item, as a discriminated union, and the rule that decides which
// finished items may be printed for good. Items are printed in their list's order, each only once
// every item before it has finished, so the printed part never changes although the engine works
// on many items at once; the rest is the live part. Pure.

import type { ClassifiedError } from '../model/errors.js';
import type { ResourceRef } from '../model/resource-types.js';

export type ItemStatus =
  | { kind: 'pending' }
  | { kind: 'running'; startedAt: number; detail?: string; resources: ResourceRef[] }
  | { kind: 'done'; resources: ResourceRef[]; elapsedMs: number }
  | { kind: 'failed'; error: ClassifiedError; retryable: boolean; resources: ResourceRef[] }
  | { kind: 'skipped'; reason: string; resources: ResourceRef[] };

export type FinishedStatus = Extract<ItemStatus, { kind: 'done' | 'failed' | 'skipped' }>;

export const isFinished = (status: ItemStatus): status is FinishedStatus =>
  status.kind === 'done' || status.kind === 'failed' || status.kind === 'skipped';

/**
 * The items to print now, in order: every finished one up to the first unfinished item, or (when
 * the run is over) every finished one left, still in order.
 */
export function printableItems<Id>(
  order: readonly Id[],
  statusOf: (id: Id) => ItemStatus,
  printed: ReadonlySet<Id>,
  runOver = false,
): Id[] {
  const ready: Id[] = [];
  for (const id of order) {
    if (printed.has(id)) continue;
    if (!isFinished(statusOf(id))) {
      if (runOver) continue;
      break;
    }
    ready.push(id);
  }
  return ready;
}

/** A detail on an item that may not have started yet: it is evidently running. */
export function withDetail(status: ItemStatus, detail: string, resource?: ResourceRef): ItemStatus {
  if (isFinished(status)) return status;
  const base = status.kind === 'running' ? status : { kind: 'running' as const, startedAt: 0, resources: [] };
  const known = resource && base.resources.some((r) => r.type === resource.type && r.id === resource.id);
  return { ...base, detail, resources: resource && !known ? [...base.resources, resource] : base.resources };
}

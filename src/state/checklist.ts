// The live checklist both flows share (provisioning's eleven steps, teardown's resources in
// deletion order): a status per item, as a discriminated union, and the rule that decides which
// finished items may be printed for good. Items are printed in their list's order, each only once
// every item before it has finished, so the printed part never changes although the engine works
// on many items at once; the rest is the live part. Pure.

import type { ClassifiedError } from '../model/errors.js';
import type { CallSignal, CallState } from '../model/events.js';
import type { ResourceRef } from '../model/resource-types.js';

/** A call of a running item that retried or has waited: what the line under the item shows. */
export type ItemStatus =
  | { kind: 'pending' }
  | {
      kind: 'running';
      startedAt: number;
      detail?: string;
      resources: ResourceRef[];
      /** Its calls being retried or waiting for an answer, oldest first. */
      calls?: CallState[];
    }
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

/** A call signal on an item: a retry or a wait is shown until the call settles. */
export function withCall(status: ItemStatus, signal: CallSignal): ItemStatus {
  if (isFinished(status)) return status;
  const base = status.kind === 'running' ? status : { kind: 'running' as const, startedAt: 0, resources: [] };
  const calls = base.calls ?? [];
  if (signal.kind === 'settled') {
    const left = calls.filter((call) => call.call !== signal.call);
    return left.length === calls.length ? base : { ...base, calls: left };
  }
  const known = calls.find((call) => call.call === signal.call) ?? {
    call: signal.call,
    action: signal.action,
  };
  const updated: CallState =
    signal.kind === 'retry'
      ? {
          ...known,
          retry: {
            attempt: signal.attempt,
            ...(signal.maxAttempts ? { maxAttempts: signal.maxAttempts } : {}),
            reason: signal.reason,
          },
        }
      : { ...known, waitingSince: signal.since };
  const others = calls.filter((call) => call.call !== signal.call);
  return { ...base, calls: [...others, updated].sort((a, b) => a.call - b.call) };
}

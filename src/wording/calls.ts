// How a step's AWS calls are described while they retry or wait for an answer: the same words on
// the checklist's line under a running item and in the plain lines of `up` / `down`.
import type { CallState } from '../model/events.js';

/** "retrying 3/8: ECONNREFUSED", as the screens and the plain lines say it. */
export function retryText(retry: NonNullable<CallState['retry']>): string {
  return `retrying ${retry.attempt}${retry.maxAttempts ? `/${retry.maxAttempts}` : ''}: ${retry.reason}`;
}

/** "no answer for 30 s" from when the call was sent and the caller's clock. */
export function noAnswerText(since: number, now: number): string {
  return `no answer for ${Math.max(0, Math.floor((now - since) / 1000))} s`;
}

/** What a running item's line under it says about its calls, or nothing when all answer promptly. */
export function callsText(calls: readonly CallState[] | undefined, now: number): string | undefined {
  if (!calls || calls.length === 0) return undefined;
  const parts: string[] = [];
  const waiting = calls.filter((call) => call.waitingSince !== undefined);
  const oldest = waiting.reduce<CallState | undefined>(
    (first, call) => (first && first.waitingSince! <= call.waitingSince! ? first : call),
    undefined,
  );
  const retried = calls.filter((call) => call.retry).at(-1);
  if (retried?.retry) parts.push(`${retryText(retried.retry)} (${retried.action})`);
  if (oldest?.waitingSince !== undefined)
    parts.push(
      `${noAnswerText(oldest.waitingSince, now)}${oldest === retried ? '' : ` (${oldest.action})`}${waiting.length > 1 ? `, ${waiting.length} calls waiting` : ''}`,
    );
  return parts.join(' · ');
}

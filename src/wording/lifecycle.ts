// How a cluster's deadline and protection read, on the review, in the inventory and in plans. Pure:
// the time is an argument.
import { isExpired, PROTECT_TAG } from '../model/lifecycle.js';
import { plural } from './format.js';

/** `7 h 59 min left`, `6 d 23 h left`, `12 min left`, or `expired`; `–` without a deadline. */
export function formatTimeLeft(expiresAt: string | undefined, now: number): string {
  if (expiresAt === undefined) return '–';
  if (isExpired(expiresAt, now)) return 'expired';
  const minutes = Math.max(1, Math.floor((Date.parse(expiresAt) - now) / 60_000));
  if (minutes < 60) return `${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min left`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h left`;
}

/** `8h` → `8 hours`, `1d` → `1 day`. */
export function ttlWords(ttl: string): string {
  const count = Number.parseInt(ttl, 10);
  const unit = ttl.endsWith('d') ? 'day' : 'hour';
  return plural(count, unit);
}

/** The review's and the dry run's line: when the cluster is deleted, and whether it is protected. */
export function lifecycleLine(lifecycle: {
  ttl?: string | undefined;
  expiresAt?: string | undefined;
  protect: boolean;
}): string {
  const expiry =
    lifecycle.ttl && lifecycle.expiresAt
      ? `delete after ${ttlWords(lifecycle.ttl)}: expires ${lifecycle.expiresAt} (kube-tui cleanup --expired)`
      : 'never expires';
  return `${expiry}${lifecycle.protect ? ` · protected (${PROTECT_TAG}=true): down and cleanup refuse it` : ''}`;
}

/** The inventory's word for a cluster: its time left, `expired`, and `protected`. */
export function clusterLifecycle(
  cluster: { expiresAt?: string | undefined; protected?: boolean },
  now: number,
): string {
  return [
    cluster.expiresAt ? formatTimeLeft(cluster.expiresAt, now) : '',
    cluster.protected ? 'protected' : '',
  ]
    .filter(Boolean)
    .join(', ');
}

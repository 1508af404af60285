// A cluster's lifecycle tags: when it expires (`kube-tui/expires-at`, RFC 3339) and whether it is
// protected from teardown (`kube-tui/protect=true`). Pure: the time is always an argument.
import type { TagMap } from './resource-types.js';

export const EXPIRES_AT_TAG = 'kube-tui/expires-at';
export const PROTECT_TAG = 'kube-tui/protect';

/** The wizard's choices; `--ttl` takes any whole number of hours or days. */
export const TTL_CHOICES = ['never', '8h', '24h', '7d'] as const;

export const TTL_ALLOWED = 'a duration in whole hours or days such as 8h, 24h or 7d (at most 365d), or never';

const HOUR_MS = 3_600_000;
const MAX_TTL_HOURS = 365 * 24;

/** `8h`, `24H`, `7d` → its normalised text (`8h`, `24h`, `7d`); `never` → undefined; else null. */
export function parseTtl(text: string): string | undefined | null {
  const word = text.trim().toLowerCase();
  if (word === 'never') return undefined;
  const match = /^(\d{1,6})\s*([hd])$/.exec(word);
  if (!match) return null;
  const count = Number(match[1]);
  const hours = match[2] === 'd' ? count * 24 : count;
  if (count < 1 || hours > MAX_TTL_HOURS) return null;
  return `${count}${match[2]}`;
}

/** The ttl's length in milliseconds (the text must be parseTtl's normalised form). */
export function ttlMs(ttl: string): number {
  const count = Number.parseInt(ttl, 10);
  return ttl.endsWith('d') ? count * 24 * HOUR_MS : count * HOUR_MS;
}

/** RFC 3339 in UTC, to the second: what the tag holds. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The deadline a ttl sets when the plan is made at `now`. */
export function expiresAtFor(ttl: string | undefined, now: number): string | undefined {
  return ttl === undefined ? undefined : rfc3339(now + ttlMs(ttl));
}

/** The tags every resource the cluster owns carries besides its cluster tags. */
export function lifecycleTags(lifecycle: { expiresAt?: string | undefined; protect?: boolean }): TagMap {
  return {
    ...(lifecycle.expiresAt ? { [EXPIRES_AT_TAG]: lifecycle.expiresAt } : {}),
    ...(lifecycle.protect ? { [PROTECT_TAG]: 'true' } : {}),
  };
}

/** `kube-tui/protect=true` (any case, surrounding blanks ignored): teardown never touches it. */
export function isProtected(tags: TagMap): boolean {
  return tags[PROTECT_TAG]?.trim().toLowerCase() === 'true';
}

/** A tag's deadline as milliseconds, or undefined when absent or not a date. */
function deadlineOf(tags: TagMap): number | undefined {
  const text = tags[EXPIRES_AT_TAG];
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A cluster's deadline: the earliest `kube-tui/expires-at` among its resources (a resumed `up`
 * tags what it makes later with a later deadline; the first one set is the one that holds).
 */
export function clusterExpiresAt(resources: readonly { tags: TagMap }[]): string | undefined {
  const deadlines = resources.map((resource) => deadlineOf(resource.tags)).filter((ms) => ms !== undefined);
  return deadlines.length === 0 ? undefined : rfc3339(Math.min(...deadlines));
}

/** Has the deadline passed at `now`? */
export function isExpired(expiresAt: string | undefined, now: number): boolean {
  if (expiresAt === undefined) return false;
  const ms = Date.parse(expiresAt);
  return !Number.isNaN(ms) && ms <= now;
}

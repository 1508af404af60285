// How spend reads: Home's one line, a leftover's monthly price, a cluster's cost so far. Shared by
// the screens and `kube-tui inventory`. Pure.
import { formatUsd, PRICES_AS_OF, PRICES_REGION } from '../model/prices.js';
import type { MonthlyPrice, Spend } from '../model/spend.js';
import { plural } from './format.js';

/** Where the figures come from, in a few words: the table is dated and approximate. */
export const PRICES_NOTE = `approximate on-demand prices as of ${PRICES_AS_OF} (${PRICES_REGION} list prices)`;

/** `$3.65/month`, `≥$0.02/month` (a floor), `free`, `unpriced` (never $0 for what has a cost). */
export function formatMonthlyPrice(price: MonthlyPrice): string {
  if (typeof price === 'string') return price;
  return `${price.atLeast ? '≥' : ''}${formatUsd(price.usd)}/month`;
}

/** What Home knows of the scan: the state's fields, not the state (wording sits below it). */
export interface SpendProgress {
  status: 'scanning' | 'done' | 'failed';
  regionsDone: number;
  regionsTotal?: number;
  figures?: Spend;
  message?: string;
}

/**
 * `$0.190/h running · $3.65/month leaking`, with `≥` when something in them has no price; with
 * `counts`, what each figure counts: `(1 cluster)`, `(2 orphans)`.
 */
export function spendFigures(figures: Spend, counts = false): string {
  const floor = figures.unpriced.length > 0 ? '≥' : '';
  const clusters = counts ? ` (${plural(figures.clusters, 'cluster')})` : '';
  const orphans = counts ? ` (${plural(figures.leakingOrphans, 'orphan')})` : '';
  return `${floor}${formatUsd(figures.runningHourlyUsd)}/h running${clusters} · ${floor}${formatUsd(figures.leakingMonthlyUsd)}/month leaking${orphans}`;
}

/** Home's line: the figures so far, and how far the scan of the regions is. */
export function spendLine(progress: SpendProgress): string {
  if (progress.status === 'failed')
    return `Spend unknown: ${progress.message ?? 'the scan failed'} (r to scan again)`;
  const { figures } = progress;
  if (progress.status === 'scanning') {
    const count =
      progress.regionsTotal === undefined
        ? 'listing regions…'
        : `scanning regions ${progress.regionsDone}/${progress.regionsTotal}…`;
    return figures ? `${spendFigures(figures)} · ${count}` : `Spend: ${count}`;
  }
  if (!figures) return 'Spend: nothing scanned';
  // "(2 orphans)": those that cost money; key pairs and roles leak nothing.
  return `${spendFigures(figures, true)} · ${plural(progress.regionsTotal ?? 0, 'region')}`;
}

/** What the line's figures leave out. */
export function spendCaveat(figures: Spend | undefined): string {
  const unpriced = figures?.unpriced.length ? `; unpriced, left out: ${figures.unpriced.join(', ')}` : '';
  return `${PRICES_NOTE}${unpriced}`;
}

// Where the nodes' capacity comes from (on-demand or spot, with its price cap), and how the review,
// the dry run and the estimate word it. Pure.
import type { ClusterConfig } from './config.js';
import { INSTANCE_HOURLY_USD } from './prices.js';

export type NodeMarket =
  | { kind: 'on-demand' }
  /** No `maxPriceUsd`: AWS caps the spot price at the on-demand price. */
  | { kind: 'spot'; maxPriceUsd?: number };

/** `--node-spot-price` alone makes the nodes spot, as kube-up's NODE_SPOT_PRICE did. */
export function nodeMarket(config: Pick<ClusterConfig, 'nodeSpot' | 'nodeSpotPrice'>): NodeMarket {
  if (config.nodeSpotPrice !== undefined) return { kind: 'spot', maxPriceUsd: config.nodeSpotPrice };
  return config.nodeSpot ? { kind: 'spot' } : { kind: 'on-demand' };
}

/** Spot prices move in tenths of a cent: four decimals, never rounded to $0.000. */
export const formatHourly = (usd: number) => `$${usd.toFixed(4)}/h`;

/** "on-demand", "spot, max $0.0200/h" or "spot, up to the on-demand price". */
export function marketLine(market: NodeMarket): string {
  if (market.kind === 'on-demand') return 'on-demand';
  return market.maxPriceUsd === undefined
    ? 'spot, up to the on-demand price'
    : `spot, max ${formatHourly(market.maxPriceUsd)}`;
}

/**
 * The nodes with their market, as a phrase: "on-demand nodes", "1 spot node capped at $0.0200/h",
 * "3 spot nodes capped at the on-demand price".
 */
export function marketNodes(market: NodeMarket, count?: number): string {
  const nodes = `${count === undefined ? '' : `${count} `}${market.kind} ${count === 1 ? 'node' : 'nodes'}`;
  if (market.kind === 'on-demand') return nodes;
  return `${nodes} capped at ${market.maxPriceUsd === undefined ? 'the on-demand price' : formatHourly(market.maxPriceUsd)}`;
}

/**
 * The live spot price against the dated on-demand table: "spot now $0.0125/h vs on-demand
 * $0.0416/h: −70 %"; over several zones, their mean ("spot now $0.0130/h, the mean of 3 zones,
 * vs …"). An unread price is "spot price unknown", never $0.
 */
export function spotSavingLine(nodeSize: string, spotNowUsd: number | undefined, zones = 1): string {
  if (spotNowUsd === undefined) return 'spot price unknown';
  const now = `spot now ${formatHourly(spotNowUsd)}${zones > 1 ? `, the mean of ${zones} zones,` : ''}`;
  const onDemand = INSTANCE_HOURLY_USD[nodeSize];
  if (onDemand === undefined) return `${now} (no on-demand price for ${nodeSize})`;
  const change = Math.round(((spotNowUsd - onDemand) / onDemand) * 100);
  const sign = change < 0 ? '−' : '+';
  return `${now} vs on-demand ${formatHourly(onDemand)}: ${sign}${Math.abs(change)} %`;
}

/** How many zones the plan's spot price is the mean of. */
export const spotZoneCount = (byZone: Record<string, number> | undefined) => Object.keys(byZone ?? {}).length;

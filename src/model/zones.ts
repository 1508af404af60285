// Which zones the nodes run in (`--node-zones`, kube-up's MULTIZONE and KUBE_USE_EXISTING_MASTER),
// and each extra zone's subnet CIDR and names. Pure: the plan checks the zones against AWS.
import { cidrContains, cidrSize, formatIpv4, parseCidr } from './cidr.js';

/**
 * The option's value: zone names or letters ("a", "us-east-1b"), or a count of zones the plan
 * picks (MULTIZONE=true is 3). An entry starting with "+" adds that zone's nodes to an existing
 * cluster (KUBE_USE_EXISTING_MASTER=true): then every entry starts with "+".
 */
export type NodeZones = string[] | number;

/** MULTIZONE=true: as many zones as eksctl's and kops' usual spread, or all the region has. */
export const MULTIZONE_COUNT = 3;
/** A region's zones run from a to at most f today; a letter beyond z has no subnet block either. */
const MAX_ZONES = 6;

const ENTRY = /^\+?([a-z]|[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d[a-z])$/;

export const NODE_ZONES_ALLOWED =
  'zone letters or names of the region, comma-separated, such as a,b,c or us-west-2a,us-west-2b (a number: that many zones; +b: add zone b to an existing cluster)';

/** "a, B ,us-east-1c" → ["a", "b", "us-east-1c"]; "3" → 3; undefined when it cannot be read. */
export function parseNodeZones(text: string): NodeZones | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed.split(',').map((entry) => entry.trim());
  return entries.every((entry) => ENTRY.test(entry)) ? entries : undefined;
}

/** True when the value adds zones to an existing cluster instead of making one. */
export function isAddingZones(value: NodeZones | undefined): value is string[] {
  return Array.isArray(value) && value.some((entry) => entry.startsWith('+'));
}

/** "b" or "+b" in us-east-1 → "us-east-1b"; a full name as it is. */
export function zoneName(entry: string, region: string): string {
  const bare = entry.replace(/^\+/, '');
  return bare.length === 1 ? `${region}${bare}` : bare;
}

/** The zone's letter: its last character. */
export const zoneLetter = (zone: string) => zone.slice(-1);

/**
 * What is wrong with the value for a cluster whose master is in `zone`, else undefined: entries of
 * another region, a zone twice, a mix of added and listed zones, a count out of range, or a list
 * that leaves out the master's zone (its group is the cluster's first, kept as it is).
 */
export function nodeZonesProblem(
  value: NodeZones,
  place?: { zone?: string; region?: string },
): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 && value <= MAX_ZONES
      ? undefined
      : `a number of zones from 1 to ${MAX_ZONES}, or ${NODE_ZONES_ALLOWED}`;
  }
  if (value.length === 0 || value.some((entry) => !ENTRY.test(entry))) return NODE_ZONES_ALLOWED;
  const adding = value.filter((entry) => entry.startsWith('+')).length;
  if (adding > 0 && adding < value.length) {
    return "either zones to add to an existing cluster, each with +, such as +b,+c, or the cluster's zones, none with +";
  }
  const region = place?.region;
  if (!region) return undefined;
  const zones = value.map((entry) => zoneName(entry, region));
  const foreign = zones.find((zone) => zone.slice(0, -1) !== region);
  if (foreign) return `zones of the region ${region} (${foreign} is not)`;
  const twice = zones.find((zone, index) => zones.indexOf(zone) !== index);
  if (twice) return `each zone once (${twice} is listed twice)`;
  if (zones.some((zone) => zoneLetter(zone).charCodeAt(0) - 97 >= MAX_ZONES)) {
    return `zones a to ${String.fromCharCode(96 + MAX_ZONES)} of ${region}`;
  }
  if (adding === 0 && place?.zone && !zones.includes(place.zone)) {
    return `a list with the master's zone ${place.zone} (--zone) in it, such as ${zoneLetter(place.zone)},${
      zones
        .map(zoneLetter)
        .filter((letter) => letter !== zoneLetter(place.zone!))
        .join(',') || 'b'
    }`;
  }
  return undefined;
}

/**
 * Every zone with nodes, the master's first, from the value and (for a count) the region's available
 * zones in name order. Zones to add are listed alone (the master's zone is the existing cluster's).
 */
export function nodeZoneList(
  config: { zone: string; region: string; nodeZones?: NodeZones },
  available: readonly string[] = [],
): string[] {
  const value = config.nodeZones;
  if (value === undefined) return [config.zone];
  if (typeof value === 'number') {
    const others = [...available].sort().filter((zone) => zone !== config.zone);
    return [config.zone, ...others.slice(0, Math.max(0, value - 1))];
  }
  const zones = value.map((entry) => zoneName(entry, config.region));
  if (isAddingZones(value)) return zones;
  return [config.zone, ...zones.filter((zone) => zone !== config.zone)];
}

/**
 * The subnet of an extra zone: the block of the primary subnet's size at (letter index + 1) blocks
 * past the primary's base, so 172.20.0.0/24 gives a 172.20.1.0/24, b 172.20.2.0/24, c 172.20.3.0/24.
 * The primary keeps its block whatever its zone; every zone's block is fixed by its letter alone, so
 * a zone added later gets the block it would have had from the start. Undefined when the block falls
 * outside the VPC's CIDR.
 */
export function zoneSubnetCidr(primaryCidr: string, zone: string, vpcCidr: string): string | undefined {
  const primary = parseCidr(primaryCidr);
  const vpc = parseCidr(vpcCidr);
  if (!primary || !vpc) return undefined;
  const index = zoneLetter(zone).charCodeAt(0) - 97;
  if (index < 0 || index >= 26) return undefined;
  const block = { base: primary.base + (index + 1) * cidrSize(primary), prefix: primary.prefix };
  if (!cidrContains(vpc, block)) return undefined;
  return `${formatIpv4(block.base)}/${block.prefix}`;
}

/** One extra zone as planned: where its subnet goes and what its group is called. */
export interface ZoneTarget {
  zone: string;
  subnetCidr: string;
  subnetName: string;
  groupName: string;
}

/** kube-up's names for an extra zone's group (and its launch template) and subnet. */
export function zoneNames(cluster: string, zone: string): { group: string; subnet: string } {
  return { group: `${cluster}-minion-group-${zone}`, subnet: `${cluster}-subnet-${zone}` };
}

/** Every zone with nodes, the master's first, as a plan holds them. */
export function planZones(plan: { config: { zone: string }; extraZones: readonly ZoneTarget[] }): string[] {
  return [plan.config.zone, ...plan.extraZones.map((target) => target.zone)];
}

/** `--nodes` is per zone, as kube-up's NUM_NODES was with MULTIZONE: the cluster's nodes in all. */
export function totalNodes(plan: {
  config: { zone: string; nodes: number };
  extraZones: readonly ZoneTarget[];
}): number {
  return plan.config.nodes * planZones(plan).length;
}

/** "in each of 3 zones: us-west-2a, b, c (6 nodes)", or undefined for the master's zone alone. */
export function zonesFact(plan: {
  config: { zone: string; nodes: number };
  extraZones: readonly ZoneTarget[];
}): string | undefined {
  const zones = planZones(plan);
  if (zones.length === 1) return undefined;
  return `in each of ${zones.length} zones: ${zones[0]}, ${zones.slice(1).map(zoneLetter).join(', ')} (${totalNodes(plan)} nodes)`;
}

/** "2 × t3.medium nodes", or "2 × t3.medium nodes in each of 3 zones: us-west-2a, b, c (6 nodes)". */
export function nodesLine(plan: {
  config: { zone: string; nodes: number; nodeSize: string };
  extraZones: readonly ZoneTarget[];
}): string {
  const zones = zonesFact(plan);
  return `${plan.config.nodes} × ${plan.config.nodeSize} nodes${zones ? ` ${zones}` : ''}`;
}

/** Before any plan: "nodes in us-west-2a", "nodes in us-west-2a, b, c", "nodes in 3 zones". */
export function nodeZonesLine(config: { zone: string; region: string; nodeZones?: NodeZones }): string {
  if (typeof config.nodeZones === 'number') return `nodes in ${config.nodeZones} zones`;
  if (isAddingZones(config.nodeZones)) return `adds ${nodeZoneList(config).join(', ')} to a running cluster`;
  const [first, ...others] = nodeZoneList(config);
  return `nodes in ${[first, ...others.map(zoneLetter)].join(', ')}`;
}

// A small, dated table of approximate on-demand prices (us-east-1, Linux) for the Review screen's
// cost estimate. Not a pricing API: it is labelled approximate and says so for unknown types.
// Sources: /work/shared/reference/aws-modern.md section 7 and AWS's published on-demand list prices.
import type { DiskType } from './config.js';

export const PRICES_AS_OF = '2026-04';
export const PRICES_REGION = 'us-east-1';
export const HOURS_PER_MONTH = 730;

/** USD per hour, on-demand, Linux, us-east-1. */
export const INSTANCE_HOURLY_USD: Readonly<Record<string, number>> = {
  't2.nano': 0.0058,
  't2.micro': 0.0116,
  't2.small': 0.023,
  't2.medium': 0.0464,
  't2.large': 0.0928,
  't3.nano': 0.0052,
  't3.micro': 0.0104,
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  't3.xlarge': 0.1664,
  't3.2xlarge': 0.3328,
  't3a.small': 0.0188,
  't3a.medium': 0.0376,
  't3a.large': 0.0752,
  'm5.large': 0.096,
  'm5.xlarge': 0.192,
  'm5.2xlarge': 0.384,
  'm6i.large': 0.096,
  'm6i.xlarge': 0.192,
  'c5.large': 0.085,
  'c5.xlarge': 0.17,
  'r5.large': 0.126,
};

/** USD per GB-month of EBS storage. */
export const VOLUME_GB_MONTH_USD: Readonly<Record<DiskType, number>> = { gp3: 0.08, gp2: 0.1 };

/** USD per GB-month of S3 Standard storage (AWS's GB is 2^30 bytes), first 50 TB. */
export const S3_STANDARD_GB_MONTH_USD = 0.023;

/** USD per GB-month of CloudWatch Logs archived storage. */
export const LOG_STORAGE_GB_MONTH_USD = 0.03;

/** The bytes of AWS's billing GB. */
export const BYTES_PER_GB = 1024 ** 3;

/** A store billed by bytes (S3, CloudWatch Logs): its hourly price. */
export function storageHourlyUsd(bytes: number, perGbMonth: number): number {
  return ((bytes / BYTES_PER_GB) * perGbMonth) / HOURS_PER_MONTH;
}

/** USD per hour for each public IPv4 address (in use or idle), since February 2024. */
export const PUBLIC_IPV4_HOURLY_USD = 0.005;

/** USD per hour for a load balancer itself (capacity units and traffic not included), by kind. */
export const LOAD_BALANCER_HOURLY_USD: Readonly<Record<string, number>> = {
  classic: 0.025,
  application: 0.0225,
  network: 0.0225,
  gateway: 0.0125,
};

export interface CostInput {
  masterSize: string;
  nodeSize: string;
  nodes: number;
  masterDiskType: DiskType;
  masterDiskSize: number;
  masterRootDiskType: DiskType;
  masterRootDiskSize: number;
  nodeRootDiskType: DiskType;
  nodeRootDiskSize: number;
  /** The nodes' live spot price (USD/hour) when they are spot and it could be read: they are priced at it. */
  nodeSpotNowUsd?: number;
}

/** A volume's hourly price: GiB × the type's GiB-month price, spread over the month's hours. */
export function volumeHourlyUsd(sizeGiB: number, type: DiskType): number;
/** undefined: the table has no price for this volume type. */
export function volumeHourlyUsd(sizeGiB: number, type: string): number | undefined;
export function volumeHourlyUsd(sizeGiB: number, type: string): number | undefined {
  const perGibMonth = VOLUME_GB_MONTH_USD[type as DiskType];
  return perGibMonth === undefined ? undefined : (sizeGiB * perGibMonth) / HOURS_PER_MONTH;
}

export interface CostLine {
  label: string;
  /** undefined: no price in the table. */
  hourlyUsd: number | undefined;
}

export interface CostEstimate {
  lines: CostLine[];
  /** The sum of the known lines. */
  hourlyUsd: number;
  monthlyUsd: number;
  /** Instance types the table has no price for (the total leaves them out). */
  unpriced: string[];
  label: string;
}

/**
 * Master + nodes (at the live spot price when given) + the master's etcd volume + the root disks + public IPv4 (the master's Elastic IP
 * and one per node). Data transfer, S3 and CloudWatch are left out.
 */
export function estimateCost(input: CostInput): CostEstimate {
  const master = INSTANCE_HOURLY_USD[input.masterSize];
  const spot = input.nodeSpotNowUsd;
  const node = spot ?? INSTANCE_HOURLY_USD[input.nodeSize];
  const lines: CostLine[] = [
    { label: `master ${input.masterSize}`, hourlyUsd: master },
    {
      label: `${input.nodes} × node ${input.nodeSize}${spot === undefined ? '' : ' at the spot price now'}`,
      hourlyUsd: node === undefined ? undefined : node * input.nodes,
    },
    {
      label: `${input.masterDiskSize} GiB ${input.masterDiskType} master volume`,
      hourlyUsd: volumeHourlyUsd(input.masterDiskSize, input.masterDiskType),
    },
    {
      label: `root disks: master ${input.masterRootDiskSize} GiB ${input.masterRootDiskType}, ${input.nodes} × ${input.nodeRootDiskSize} GiB ${input.nodeRootDiskType}`,
      hourlyUsd:
        volumeHourlyUsd(input.masterRootDiskSize, input.masterRootDiskType) +
        input.nodes * volumeHourlyUsd(input.nodeRootDiskSize, input.nodeRootDiskType),
    },
    { label: `${input.nodes + 1} public IPv4`, hourlyUsd: (input.nodes + 1) * PUBLIC_IPV4_HOURLY_USD },
  ];
  const hourlyUsd = lines.reduce((sum, line) => sum + (line.hourlyUsd ?? 0), 0);
  const unpriced = [
    ...new Set([
      master === undefined ? input.masterSize : undefined,
      node === undefined ? input.nodeSize : undefined,
    ]),
  ].filter((name): name is string => name !== undefined);
  return {
    lines,
    hourlyUsd,
    monthlyUsd: hourlyUsd * HOURS_PER_MONTH,
    unpriced,
    label: `approximate, on-demand Linux prices as of ${PRICES_AS_OF} (${PRICES_REGION})${spot === undefined ? '' : ", nodes at the zone's spot price now"}; traffic extra`,
  };
}

export function formatUsd(amount: number): string {
  return amount < 1 ? `$${amount.toFixed(3)}` : `$${amount.toFixed(2)}`;
}

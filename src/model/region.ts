import { UsageError } from './exit.js';

export const DEFAULT_REGION = 'us-west-2';

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const ZONE_PATTERN = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)([a-z])$/;

export function isRegionName(value: string): boolean {
  return REGION_PATTERN.test(value);
}

/**
 * The AWS regions as of late 2026 (commercial, GovCloud, China). A name outside this list is a typo
 * far more often than a region newer than kube-tui; an unknown name would otherwise fail late with
 * an endpoint error. Add new regions here.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
];

export function isKnownRegion(value: string): boolean {
  return KNOWN_REGIONS.includes(value);
}

/** What an error says is allowed: the known regions. */
export const KNOWN_REGIONS_TEXT = `a known AWS region (${KNOWN_REGIONS.join(', ')})`;

/** kube-up's rule: the region is the zone minus its last letter (us-west-2a -> us-west-2). */
export function regionOfZone(zone: string): string | undefined {
  return ZONE_PATTERN.exec(zone)?.[1];
}

/**
 * The region of `down`, `cleanup`, `inventory` and the app: --region, else the region of
 * KUBE_AWS_ZONE (kube-down worked where kube-up did), else AWS_REGION / AWS_DEFAULT_REGION, else
 * us-west-2. `up` differs (resolvePlace in options.ts): there a zone (--zone or KUBE_AWS_ZONE) sets
 * the region and a --region must agree with it, and a remembered zone comes before us-west-2.
 */
export function resolveRegion(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const zoneRegion = env.KUBE_AWS_ZONE ? regionOfZone(env.KUBE_AWS_ZONE) : undefined;
  const region = flag ?? zoneRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
  if (!isRegionName(region)) {
    throw new UsageError(`--region ${region}: not an AWS region name (expected something like us-west-2)`);
  }
  if (!isKnownRegion(region)) {
    const origin = flag !== undefined ? '--region' : zoneRegion ? 'KUBE_AWS_ZONE' : 'AWS_REGION';
    throw new UsageError(
      `${origin} ${region}: not a known AWS region; expected one of ${KNOWN_REGIONS.join(', ')}`,
    );
  }
  return region;
}

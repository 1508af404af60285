import { UsageError } from './exit.js';

export const DEFAULT_ZONE = 'us-west-2a';
export const DEFAULT_REGION = 'us-west-2';

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const ZONE_PATTERN = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)([a-z])$/;

export function isRegionName(value: string): boolean {
  return REGION_PATTERN.test(value);
}

/** kube-up's rule: the region is the zone minus its last letter (us-west-2a -> us-west-2). */
export function regionOfZone(zone: string): string | undefined {
  return ZONE_PATTERN.exec(zone)?.[1];
}

/**
 * --region, else the region of KUBE_AWS_ZONE (kube-down worked where kube-up did), else AWS_REGION /
 * AWS_DEFAULT_REGION, else us-west-2: the same order `up` uses.
 */
export function resolveRegion(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const zoneRegion = env.KUBE_AWS_ZONE ? regionOfZone(env.KUBE_AWS_ZONE) : undefined;
  const region = flag ?? zoneRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
  if (!isRegionName(region)) {
    throw new UsageError(`--region ${region}: not an AWS region name (expected something like us-west-2)`);
  }
  return region;
}

import { describe, expect, it } from 'vitest';
import { resolveRegion } from '../../src/model/options.js';
import { regionOfZone } from '../../src/model/region.js';

describe('regions and zones', () => {
  it('takes the region from the zone the way kube-up did (zone minus its letter)', () => {
    expect(regionOfZone('us-west-2a')).toBe('us-west-2');
    expect(regionOfZone('ap-southeast-1c')).toBe('ap-southeast-1');
    expect(regionOfZone('us-gov-west-1a')).toBe('us-gov-west-1');
    expect(regionOfZone('us-west-2')).toBeUndefined();
  });

  it('resolves --region, then the region of KUBE_AWS_ZONE, then AWS_REGION, then us-west-2', () => {
    expect(resolveRegion('eu-west-1', { AWS_REGION: 'us-east-1' })).toBe('eu-west-1');
    expect(resolveRegion(undefined, { AWS_REGION: 'us-east-1' })).toBe('us-east-1');
    expect(resolveRegion(undefined, { KUBE_AWS_ZONE: 'eu-central-1b', AWS_REGION: 'us-east-1' })).toBe(
      'eu-central-1',
    );
    expect(resolveRegion(undefined, {})).toBe('us-west-2');
  });

  it('refuses a region name that is not one', () => {
    expect(() => resolveRegion('us-west-2a', {})).toThrow(/--region us-west-2a/);
  });
});

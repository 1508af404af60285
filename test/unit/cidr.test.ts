import { describe, expect, it } from 'vitest';
import { addressInCidr, cidrContains, parseCidr } from '../../src/model/cidr.js';

describe('IPv4 CIDRs', () => {
  it('parses valid CIDRs and refuses the rest', () => {
    expect(parseCidr('172.20.0.0/16')).toEqual({ base: (172 * 256 + 20) * 65536, prefix: 16 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ base: 0, prefix: 0 });
    expect(parseCidr('203.0.113.7/32')).toBeDefined();
    for (const bad of [
      '172.20.0.0',
      '172.20.0.0/33',
      '300.1.1.1/32',
      '172.20.0.1/24',
      'abc/8',
      '1.2.3.4/8/9',
      '',
    ]) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('tells whether a subnet lies inside a VPC', () => {
    const vpc = parseCidr('172.20.0.0/16')!;
    expect(cidrContains(vpc, parseCidr('172.20.0.0/24')!)).toBe(true);
    expect(cidrContains(vpc, parseCidr('172.21.0.0/24')!)).toBe(false);
    expect(cidrContains(vpc, parseCidr('172.0.0.0/8')!)).toBe(false);
  });

  it("puts the master at the subnet's base + 9, as kube-up did", () => {
    expect(addressInCidr(parseCidr('172.20.0.0/24')!, 9)).toBe('172.20.0.9');
    expect(addressInCidr(parseCidr('10.0.16.0/20')!, 9)).toBe('10.0.16.9');
  });
});

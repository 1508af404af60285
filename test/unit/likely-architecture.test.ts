import { describe, expect, it } from 'vitest';
import { likelyArchitecture } from '../../src/aws/ami.js';

describe("an instance type's likely architecture, so the image lookup can go out with the plan's other checks", () => {
  it('is arm64 for Graviton families (a g after the generation) and a1', () => {
    for (const type of [
      't4g.medium',
      'm7gd.large',
      'c6gn.xlarge',
      'g5g.2xlarge',
      'x2gd.large',
      'im4gn.large',
      'hpc7g.4xlarge',
      'a1.large',
    ]) {
      expect(likelyArchitecture(type), type).toBe('arm64');
    }
  });

  it('is x86_64 for the others, GPU families starting with g included', () => {
    for (const type of [
      't3.medium',
      't2.micro',
      'm5.large',
      'g5.xlarge',
      'r7iz.large',
      'inf2.xlarge',
      'c7a.large',
      'u-6tb1.metal',
    ]) {
      expect(likelyArchitecture(type), type).toBe('x86_64');
    }
  });
});

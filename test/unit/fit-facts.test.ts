import { describe, expect, it } from 'vitest';
import { fitFacts } from '../../src/wording/format.js';

describe('facts fitted to a width', () => {
  it('joins facts with " · " on one line when they fit', () => {
    expect(fitFacts(['a', 'bb', 'ccc'], 40)).toEqual(['a · bb · ccc']);
  });

  it('breaks only between facts, each broken line ending in " ·", none wider than the width', () => {
    const facts = ['monitoring metrics-server', 'node logging on → elasticsearch', 'cluster logging on'];
    const lines = fitFacts(facts, 71);
    expect(lines).toEqual([
      'monitoring metrics-server · node logging on → elasticsearch ·',
      'cluster logging on',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(71);
  });

  it('wraps a fact longer than the width at its spaces, so none is cut, and goes on after it', () => {
    const permissions = 'permissions not checked: arn:aws:sts::123456789012:user/moto cannot be simulated';
    const lines = fitFacts(['short', permissions, 'end'], 40);
    expect(lines).toEqual([
      'short ·',
      'permissions not checked:',
      'arn:aws:sts::123456789012:user/moto',
      'cannot be simulated · end',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
  });

  it('keeps a single word longer than the width whole, on a line of its own', () => {
    expect(fitFacts(['short', 'x'.repeat(30), 'end'], 20)).toEqual(['short ·', `${'x'.repeat(30)} ·`, 'end']);
  });
});

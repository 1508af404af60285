// The boot status contract, read side: what an instance writes to `<C>/status/…` and how it reads back.
import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../src/commands/lines.js';
import { bootSummary, parseBootStatus, statusKey } from '../../src/model/boot-status.js';

const valid = {
  version: 1,
  instanceId: 'i-0123456789abcdef0',
  role: 'node',
  phase: 'kubeadm',
  phasesDone: ['packages', 'containerd'],
  updatedAt: '2026-11-29T21:00:00Z',
};

describe('boot status objects', () => {
  it('live under the role’s own prefix, one per instance', () => {
    expect(statusKey('kubernetes', 'master', 'i-0123456789abcdef0')).toBe(
      'kubernetes/status/master/i-0123456789abcdef0.json',
    );
    expect(statusKey('kubernetes', 'node', 'i-0123456789abcdef0')).toBe(
      'kubernetes/status/nodes/i-0123456789abcdef0.json',
    );
  });

  it('read back field by field, keeping at most 20 log lines', () => {
    expect(parseBootStatus(JSON.stringify(valid))).toEqual(valid);
    const tail = Array.from({ length: 30 }, (_, index) => `line ${index}`);
    const failed = parseBootStatus(
      JSON.stringify({ ...valid, phase: 'failed', failedPhase: 'kubeadm', logTail: tail }),
    );
    expect(failed?.logTail).toEqual(tail.slice(10));
  });

  it('refuse what is not version 1 of the contract, or names another instance than its key', () => {
    for (const broken of [
      'not json',
      JSON.stringify({ ...valid, version: 2 }),
      JSON.stringify({ ...valid, instanceId: '../../etc' }),
      JSON.stringify({ ...valid, role: 'admin' }),
      JSON.stringify({ ...valid, phase: 'joined' }),
      JSON.stringify({ ...valid, phasesDone: ['packages', 7] }),
      JSON.stringify({ ...valid, updatedAt: 'yesterday' }),
      JSON.stringify({ ...valid, logTail: 'one string' }),
    ])
      expect(parseBootStatus(broken), broken).toBeUndefined();
    expect(parseBootStatus(JSON.stringify(valid), 'i-0fffffffffffffff0')).toBeUndefined();
  });

  it('print as one plain line per change in `up --yes`', () => {
    const status = parseBootStatus(JSON.stringify(valid))!;
    expect(formatEvent({ type: 'instance-boot', status })).toBe(
      '[  ✓  ] Validate cluster: node i-0123456789abcdef0: in phase kubeadm; done: packages, containerd',
    );
    expect(
      bootSummary({ ...status, phase: 'failed', failedPhase: 'containerd', phasesDone: ['packages'] }),
    ).toBe('failed in phase containerd; done: packages');
  });
});

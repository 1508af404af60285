// One mapping from how a run ended to its exit code, for `down`/`cleanup` and the app alike.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/model/exit.js';
import { exitCodeOf, teardownOutcome } from '../../src/model/outcome.js';
import { clustersElsewhereSentences, foundElsewhereSentences } from '../../src/wording/outcome.js';

const cluster = { kind: 'cluster' as const, cluster: { name: 'kubernetes', region: 'us-west-2' } };
const orphans = { kind: 'orphans' as const, region: 'us-west-2' };
const error = (exitCode: 1 | 3) => ({ exitCode });

describe('how a teardown ended, and its exit code', () => {
  it('is 0 only when a fresh scan found nothing, 3 for credentials or permissions, else 1', () => {
    const code = (end: Parameters<typeof teardownOutcome>[0]) => exitCodeOf(teardownOutcome(end), 'teardown');
    expect(code({ ran: { clean: true } })).toBe(EXIT.ok);
    expect(
      code({
        ran: {
          clean: false,
          worstError: { ...error(3), kind: 'credentials', code: 'x', message: '', retryable: false },
        },
      }),
    ).toBe(EXIT.credentials);
    expect(code({ ran: { clean: false } })).toBe(EXIT.failed);
    expect(code({ scanFailed: error(3) })).toBe(EXIT.credentials);
    expect(code({ scanFailed: error(1) })).toBe(EXIT.failed);
    // kube-down refused an unknown cluster; no orphans is a clean account.
    expect(code({ nothingIn: { target: cluster } })).toBe(EXIT.failed);
    expect(code({ nothingIn: { target: orphans } })).toBe(EXIT.ok);
    // A cluster kube-tui's own teardown finished deleting: a rerun after a late kill is done.
    expect(code({ nothingIn: { target: cluster, goneSince: '2026-11-30T03:00:00.000Z' } })).toBe(EXIT.ok);
  });

  it('depends on what was asked: leaving a teardown unfinished fails it, a rolled-back up failed', () => {
    expect(exitCodeOf('quit', 'teardown')).toBe(EXIT.failed);
    expect(exitCodeOf('quit', 'create')).toBe(EXIT.ok);
    expect(exitCodeOf('quit', 'browse')).toBe(EXIT.ok);
    expect(exitCodeOf('deleted', 'create')).toBe(EXIT.failed);
    expect(exitCodeOf('deleted', 'browse')).toBe(EXIT.ok);
    expect(exitCodeOf('created', 'create')).toBe(EXIT.ok);
    expect(exitCodeOf('stopped', 'browse')).toBe(EXIT.failed);
    expect(exitCodeOf('denied', 'browse')).toBe(EXIT.credentials);
    expect(exitCodeOf('interrupted', 'create')).toBe(EXIT.interrupted);
  });
});

describe('where else a cluster is', () => {
  const commandIn = (region: string) => `kube-tui down --cluster demo --region ${region}`;

  it('names each region that has it, with the command for there, and the regions not asked', () => {
    expect(
      foundElsewhereSentences(
        'demo',
        {
          found: [{ region: 'eu-west-1', clusters: ['demo'] }],
          failed: [{ region: 'me-south-1', message: 'x' }],
        },
        commandIn,
      ),
    ).toEqual([
      'demo is in eu-west-1: kube-tui down --cluster demo --region eu-west-1',
      '(1 region could not be asked: me-south-1)',
    ]);
    expect(foundElsewhereSentences('demo', { found: [], failed: [] }, commandIn)).toEqual([
      'No cluster demo in any other enabled region either.',
    ]);
    expect(
      foundElsewhereSentences('demo', { found: [], failed: [], regionsUnknown: 'denied' }, commandIn),
    ).toEqual(['(the other regions could not be listed: denied)']);
  });

  it('lists the regions with clusters for an empty inventory', () => {
    expect(
      clustersElsewhereSentences(
        'us-east-2',
        { found: [{ region: 'eu-west-1', clusters: ['a', 'b'] }], failed: [] },
        (region) => `kube-tui inventory --region ${region}`,
      ),
    ).toEqual([
      'No cluster in us-east-2; clusters in other regions:',
      '  eu-west-1: a, b (kube-tui inventory --region eu-west-1)',
    ]);
  });
});

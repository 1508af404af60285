// One mapping from how a run ended to its exit code, for `down`/`cleanup` and the app alike.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/model/exit.js';
import { exitCodeOf, teardownOutcome } from '../../src/model/outcome.js';

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

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PathEscapeError } from '../../src/local/safe-path.js';
import { clearTeardownRecord, recordTeardown, teardownFinishedAt } from '../../src/local/teardown-record.js';

describe('the record of a finished teardown', () => {
  const saved = process.env.KUBE_TUI_CONFIG_DIR;
  beforeEach(() => {
    process.env.KUBE_TUI_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'kube-tui-record-'));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.KUBE_TUI_CONFIG_DIR;
    else process.env.KUBE_TUI_CONFIG_DIR = saved;
  });

  it('says when the teardown finished, per region and name, until a new cluster clears it', async () => {
    expect(await teardownFinishedAt('us-west-2', 'alpha')).toBeUndefined();
    await recordTeardown('us-west-2', 'alpha', new Date('2026-11-30T03:00:00Z'));
    expect(await teardownFinishedAt('us-west-2', 'alpha')).toBe('2026-11-30T03:00:00.000Z');
    expect(await teardownFinishedAt('eu-west-1', 'alpha')).toBeUndefined();
    await clearTeardownRecord('us-west-2', 'alpha');
    expect(await teardownFinishedAt('us-west-2', 'alpha')).toBeUndefined();
  });

  it('refuses a name that is not a cluster name before it becomes a path', async () => {
    await expect(recordTeardown('us-west-2', '../..', new Date())).rejects.toBeInstanceOf(PathEscapeError);
  });
});

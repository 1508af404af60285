import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWithin, PathEscapeError, pathInside } from '../../src/local/safe-path.js';

const scratch = () => mkdtemp(join(tmpdir(), 'kube-tui-safe-'));

describe('pathInside', () => {
  it('accepts plain segments below the base', async () => {
    const base = await scratch();
    expect(await pathInside(base, 'clusters', 'us-west-2', 'x')).toBe(
      join(base, 'clusters', 'us-west-2', 'x'),
    );
  });

  it.each([['..'], ['../../../..'], ['.'], [''], ['/etc'], ['a/../../b'], ['a\\..\\b'], ['x\0y']])(
    'refuses the segment %j',
    async (segment) => {
      const base = await scratch();
      await expect(pathInside(base, 'clusters', segment)).rejects.toBeInstanceOf(PathEscapeError);
    },
  );

  it('refuses a symlink inside the base that points outside it', async () => {
    const base = await scratch();
    const outside = await scratch();
    await mkdir(join(base, 'clusters'));
    await symlink(outside, join(base, 'clusters', 'us-west-2'));
    await expect(pathInside(base, 'clusters', 'us-west-2', 'x')).rejects.toThrow(/resolves to .* outside/);
  });

  it('accepts a base that is itself reached through a symlink', async () => {
    const real = await scratch();
    const parent = await scratch();
    await symlink(real, join(parent, 'config'));
    expect(await pathInside(join(parent, 'config'), 'clusters')).toBe(join(parent, 'config', 'clusters'));
  });

  it('treats unicode look-alikes of dots and slashes as plain names that stay inside', async () => {
    const base = await scratch();
    // U+2024 ONE DOT LEADER ×2 and U+2215 DIVISION SLASH look like "../" but are ordinary characters.
    const path = await pathInside(base, '\u2024\u2024\u2215etc');
    expect(isWithin(base, path)).toBe(true);
  });
});

import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeTargetOf } from '../../src/local/atomic-write.js';

const scratch = () => mkdtemp(join(tmpdir(), 'kube-tui-atomic-'));

describe('writeFileAtomic', () => {
  it('replaces a file whole, mode 0600, and leaves no temporary file behind', async () => {
    const dir = await scratch();
    const path = join(dir, 'config');
    await writeFile(path, 'old', { mode: 0o644 });
    await writeFileAtomic(path, 'new content');
    expect(await readFile(path, 'utf8')).toBe('new content');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['config']);
  });

  it('creates missing directories 0700', async () => {
    const dir = await scratch();
    const path = join(dir, 'a', 'b', 'file');
    await writeFileAtomic(path, 'x');
    expect((await stat(join(dir, 'a'))).mode & 0o777).toBe(0o700);
    expect(await readFile(path, 'utf8')).toBe('x');
  });

  it('writes through a symlink to its target, keeping the link a link', async () => {
    const dir = await scratch();
    await mkdir(join(dir, 'real'));
    const target = join(dir, 'real', 'config');
    await writeFile(target, 'old');
    const linkPath = join(dir, 'config');
    await symlink('real/config', linkPath);
    expect(await writeTargetOf(linkPath)).toBe(target);
    expect(await writeFileAtomic(linkPath, 'new')).toBe(target);
    expect((await lstat(linkPath)).isSymbolicLink()).toBe(true);
    expect(await readlink(linkPath)).toBe('real/config');
    expect(await readFile(target, 'utf8')).toBe('new');
  });

  it('exclusive: the second writer gets EEXIST and the first content stays whole', async () => {
    const dir = await scratch();
    const path = join(dir, 'key');
    await writeFileAtomic(path, 'first', { exclusive: true });
    await expect(writeFileAtomic(path, 'second', { exclusive: true })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await readFile(path, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['key']);
  });
});

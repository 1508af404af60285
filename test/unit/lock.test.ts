import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError } from '../../src/local/lock.js';

const scratch = () => mkdtemp(join(tmpdir(), 'kube-tui-lock-'));

/** The pid of a process that has exited (so nothing on this host runs under it now). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('acquireLock', () => {
  it('records pid, host and purpose, and a second taker is refused naming them', async () => {
    const path = join(await scratch(), 'x.lock');
    const lock = await acquireLock(path, 'cluster x in us-west-2', 'up');
    const recorded = JSON.parse(await readFile(path, 'utf8'));
    expect(recorded).toMatchObject({ pid: process.pid, host: hostname(), purpose: 'up' });
    const second = acquireLock(path, 'cluster x in us-west-2', 'down');
    await expect(second).rejects.toBeInstanceOf(LockHeldError);
    await expect(second).rejects.toThrow(
      `cluster x in us-west-2 is being changed by another kube-tui run (up, pid ${process.pid}`,
    );
    await lock.release();
    const again = await acquireLock(path, 'cluster x in us-west-2', 'down');
    await again.release();
    expect(await readdir(join(path, '..'))).toEqual([]);
  });

  it('takes over the lock of a process that is gone', async () => {
    const path = join(await scratch(), 'x.lock');
    const pid = await deadPid();
    await writeFile(
      path,
      JSON.stringify({ pid, host: hostname(), since: '2020-01-01T00:00:00Z', purpose: 'up', nonce: 'old' }),
    );
    const lock = await acquireLock(path, 'cluster x', 'up');
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('never takes over the lock of another host', async () => {
    const path = join(await scratch(), 'x.lock');
    await writeFile(
      path,
      JSON.stringify({
        pid: 1,
        host: 'elsewhere.example',
        since: '2020-01-01T00:00:00Z',
        purpose: 'down',
        nonce: 'n',
      }),
    );
    await expect(acquireLock(path, 'cluster x', 'up')).rejects.toThrow(
      /pid 1 on elsewhere\.example.*remove .*x\.lock/,
    );
  });

  it('of many concurrent takers exactly one wins', async () => {
    const path = join(await scratch(), 'x.lock');
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => acquireLock(path, 'cluster x', 'up')),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('with waitMs, waits for a live holder to let go, then takes the lock', async () => {
    const path = join(await scratch(), 'config.lock');
    const first = await acquireLock(path, 'the kubeconfig', 'a kubeconfig edit');
    let taken = false;
    const second = acquireLock(path, 'the kubeconfig', 'a kubeconfig edit', { waitMs: 60_000 }).then(
      (lock) => {
        taken = true;
        return lock;
      },
    );
    // While the first holds it, the second keeps waiting.
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(taken).toBe(false);
    await first.release();
    const lock = await second;
    expect(JSON.parse(await readFile(path, 'utf8')).nonce).toBe(lock.owner.nonce);
    await lock.release();
  });

  it('with waitMs, a holder that never lets go is reported once the wait is over', async () => {
    const path = join(await scratch(), 'config.lock');
    // kubectl's lock: an empty file, which names no holder.
    await writeFile(path, '');
    const waited = acquireLock(path, 'the kubeconfig /k/config', 'a kubeconfig edit', { waitMs: 200 });
    await expect(waited).rejects.toBeInstanceOf(LockHeldError);
    await expect(waited).rejects.toThrow(
      `the kubeconfig /k/config is locked by ${path}, which does not say who`,
    );
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('takes over a stale lock in the older "<pid> <host>" form', async () => {
    const path = join(await scratch(), 'config.lock');
    await writeFile(path, `${await deadPid()} ${hostname()}\n`);
    const lock = await acquireLock(path, 'the kubeconfig', 'a kubeconfig edit', { waitMs: 60_000 });
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });
});

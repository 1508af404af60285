import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSshKey, readSshKey } from '../../src/local/ssh-key.js';
import { UsageError } from '../../src/model/exit.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'kube-tui-ssh-'));

describe('the SSH key', () => {
  it('generates into a temporary file and renames it: no temporary file is left, key 0600 with its .pub', async () => {
    const dir = scratch();
    const path = join(dir, 'kube_aws_rsa');
    const key = await loadOrCreateSshKey(path);
    expect(key.generated).toBe(true);
    expect(readFileSync(path, 'utf8')).toMatch(/BEGIN RSA PRIVATE KEY/);
    expect(readFileSync(`${path}.pub`, 'utf8')).toMatch(/^ssh-rsa \S+ kube-tui\n$/);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('replaces an empty key kube-tui was making when it was killed', async () => {
    const dir = scratch();
    const path = join(dir, 'kube_aws_rsa');
    const first = await loadOrCreateSshKey(path);
    // What a kill during the write used to leave: an empty private key, no .pub.
    writeFileSync(path, '');
    execFileSync('rm', ['-f', `${path}.pub`]);
    expect(await readSshKey(path)).toBeUndefined();
    const second = await loadOrCreateSshKey(path);
    expect(second.generated).toBe(true);
    expect(second.md5Fingerprint).not.toBe(first.md5Fingerprint);
  });

  it("never touches a user's damaged key: a clear error, exit 2, the file unchanged", async () => {
    const dir = scratch();
    const path = join(dir, 'id_rsa');
    writeFileSync(path, '-----BEGIN RSA PRIVATE KEY-----\ntrunc', { mode: 0o600 });
    await expect(loadOrCreateSshKey(path)).rejects.toBeInstanceOf(UsageError);
    await expect(readSshKey(path)).rejects.toThrow(/--ssh-key .*id_rsa.*(damaged|not a private key)/);
    expect(readFileSync(path, 'utf8')).toBe('-----BEGIN RSA PRIVATE KEY-----\ntrunc');
  });

  it('refuses an ECDSA key with exit 2: EC2 imports RSA and Ed25519 only', async () => {
    const dir = scratch();
    const path = join(dir, 'id_ecdsa');
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-f', path]);
    await expect(readSshKey(path)).rejects.toThrow(
      /ecdsa-sha2-nistp256 key; EC2 imports RSA and Ed25519 keys only/,
    );
    // Also without its .pub, from the private key alone.
    execFileSync('rm', [`${path}.pub`]);
    await expect(readSshKey(path)).rejects.toBeInstanceOf(UsageError);
  });

  it('accepts an Ed25519 key', async () => {
    const dir = scratch();
    const path = join(dir, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
    expect((await readSshKey(path))?.publicKey).toMatch(/^ssh-ed25519 /);
  });

  it('refuses a directory with exit 2, not EISDIR', async () => {
    const dir = scratch();
    await expect(readSshKey(dir)).rejects.toThrow(/--ssh-key .*: a directory/);
    await expect(readSshKey(dir)).rejects.toBeInstanceOf(UsageError);
  });

  it('two processes generating at once: both end with the same key, neither fails', async () => {
    const dir = scratch();
    const path = join(dir, 'kube_aws_rsa');
    const script = `import { loadOrCreateSshKey } from ${JSON.stringify(join(process.cwd(), 'src/local/ssh-key.ts'))};
      const key = await loadOrCreateSshKey(${JSON.stringify(path)}); console.log(key.md5Fingerprint);`;
    const run = () =>
      new Promise<{ code: number | null; out: string; err: string }>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('exit', (code) => done({ code, out: out.trim(), err }));
      });
    const results = await Promise.all([run(), run(), run(), run()]);
    for (const result of results) expect(result.code, result.err).toBe(0);
    expect(new Set(results.map((result) => result.out)).size).toBe(1);
    expect(existsSync(`${path}.pub`)).toBe(true);
  });

  it('finishes the pair of a key of ours killed before its .pub was written, the same key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-tui-key-'));
    const path = join(dir, 'kube_aws_rsa');
    const made = await loadOrCreateSshKey(path);
    rmSync(`${path}.pub`);
    const again = await loadOrCreateSshKey(path);
    expect(again.generated).toBe(false);
    expect(again.publicKey).toBe(made.publicKey);
    expect(readFileSync(`${path}.pub`, 'utf8').trim()).toBe(made.publicKey);
  });

  it("a user's RSA key in PKCS#8 without .pub is read, not replaced", async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'keys'));
    const path = join(dir, 'keys', 'mine');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
    const before = readFileSync(path, 'utf8');
    const key = await loadOrCreateSshKey(path);
    expect(key.generated).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});

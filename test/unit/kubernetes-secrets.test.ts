import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecrets, readSecrets, removeSecrets, secretsDir } from '../../src/kubernetes/secrets.js';
import { clusterDir } from '../../src/local/paths.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const HOUR = 3600 * 1000;

describe('the secrets store', () => {
  it('makes the secrets once, private, under the cluster directory', async () => {
    const secrets = await loadOrCreateSecrets('us-west-2', 'alpha');
    const dir = secretsDir('us-west-2', 'alpha');
    expect(dir.startsWith(clusterDir('us-west-2', 'alpha'))).toBe(true);
    expect(mode(clusterDir('us-west-2', 'alpha'))).toBe(0o700);
    expect(mode(dir)).toBe(0o700);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['admin.crt', 'admin.key', 'bootstrap-token.json', 'ca.crt', 'ca.key']);
    for (const file of files) expect(mode(join(dir, file)), file).toBe(0o600);
    expect(readFileSync(join(dir, 'ca.key'), 'utf8')).toBe(secrets.caKeyPem);
    expect(secrets.bootstrapToken).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(secrets.caCertHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reuses the CA, the admin certificate and a fresh token on a rerun', async () => {
    const now = new Date();
    const first = await loadOrCreateSecrets('us-west-2', 'beta', { now });
    const second = await loadOrCreateSecrets('us-west-2', 'beta', {
      now: new Date(now.getTime() + 2 * HOUR),
    });
    expect(second).toEqual(first);
  });

  it('never makes a second CA when two runs race', async () => {
    const [one, two] = await Promise.all([
      loadOrCreateSecrets('us-west-2', 'race'),
      loadOrCreateSecrets('us-west-2', 'race'),
    ]);
    expect(one.caCertPem).toBe(two.caCertPem);
    expect((await readSecrets('us-west-2', 'race'))?.caCertPem).toBe(one.caCertPem);
  });

  it('re-mints only the token when it has expired or is about to', async () => {
    const now = new Date();
    const first = await loadOrCreateSecrets('us-west-2', 'gamma', { now });
    const later = new Date(now.getTime() + 30 * HOUR); // 18 h left: under the 24 h margin
    const second = await loadOrCreateSecrets('us-west-2', 'gamma', { now: later });
    expect(second.bootstrapToken).not.toBe(first.bootstrapToken);
    expect(Date.parse(second.bootstrapTokenExpiresAt)).toBe(later.getTime() + 48 * HOUR);
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.caKeyPem).toBe(first.caKeyPem);
    expect(second.adminCertPem).toBe(first.adminCertPem);
    expect((await readSecrets('us-west-2', 'gamma'))?.bootstrapToken).toBe(second.bootstrapToken);
    expect(mode(join(secretsDir('us-west-2', 'gamma'), 'bootstrap-token.json'))).toBe(0o600);
  });

  it('reissues the admin certificate from the same CA near its expiry', async () => {
    const now = new Date();
    const first = await loadOrCreateSecrets('us-west-2', 'delta', { now });
    const second = await loadOrCreateSecrets('us-west-2', 'delta', {
      now: new Date(now.getTime() + 340 * 24 * HOUR),
    });
    expect(second.adminCertPem).not.toBe(first.adminCertPem);
    expect(second.caCertPem).toBe(first.caCertPem);
  });

  it('reads without creating anything (dry-run)', async () => {
    expect(await readSecrets('eu-west-1', 'dry')).toBeUndefined();
    expect(existsSync(clusterDir('eu-west-1', 'dry'))).toBe(false);
  });

  it('keeps two clusters of one name in two regions apart', async () => {
    const west = await loadOrCreateSecrets('us-west-2', 'twin');
    const east = await loadOrCreateSecrets('us-east-1', 'twin');
    expect(west.caCertPem).not.toBe(east.caCertPem);
  });

  it('removes the secrets on teardown', async () => {
    await loadOrCreateSecrets('us-west-2', 'gone');
    await removeSecrets('us-west-2', 'gone');
    expect(existsSync(secretsDir('us-west-2', 'gone'))).toBe(false);
    expect(await readSecrets('us-west-2', 'gone')).toBeUndefined();
    await removeSecrets('us-west-2', 'never-made');
  });
});

import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { mergeKubeconfig, removeKubeconfigContext } from '../../src/kubernetes/kubeconfig.js';

const entry = {
  cluster: { name: 'kubernetes', region: 'us-west-2' },
  server: 'https://203.0.113.10:443',
  caPem: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n',
  certPem: '-----BEGIN CERTIFICATE-----\nADMIN\n-----END CERTIFICATE-----\n',
  keyPem: '-----BEGIN RSA PRIVATE KEY-----\nKEY\n-----END RSA PRIVATE KEY-----\n',
};

const existing = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'kind-dev', cluster: { server: 'https://127.0.0.1:6443' } }],
  users: [{ name: 'kind-dev', user: { token: 'abc' } }],
  contexts: [{ name: 'kind-dev', context: { cluster: 'kind-dev', user: 'kind-dev' } }],
  'current-context': 'kind-dev',
};

function tempPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'kube-tui-kubeconfig-')), '.kube', 'config');
}

const read = (path: string) => YAML.parse(readFileSync(path, 'utf8'));
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('kubeconfig', () => {
  it('creates the directory and file (0600) and makes our context current when there was none', async () => {
    const path = tempPath();
    await mergeKubeconfig([path], entry);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const config = read(path);
    expect(config['current-context']).toBe('aws_kubernetes');
    expect(config.clusters).toEqual([
      {
        name: 'aws_kubernetes',
        cluster: { server: entry.server, 'certificate-authority-data': b64(entry.caPem) },
      },
    ]);
    expect(config.users).toEqual([
      {
        name: 'aws_kubernetes',
        user: { 'client-certificate-data': b64(entry.certPem), 'client-key-data': b64(entry.keyPem) },
      },
    ]);
    expect(config.contexts).toEqual([
      { name: 'aws_kubernetes', context: { cluster: 'aws_kubernetes', user: 'aws_kubernetes' } },
    ]);
  });

  it('keeps unrelated entries and the current context, and fixes a loose mode', async () => {
    const path = tempPath();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, YAML.stringify(existing), { mode: 0o644 });
    await mergeKubeconfig([path], entry);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const config = read(path);
    expect(config['current-context']).toBe('kind-dev');
    expect(config.contexts.map((c: { name: string }) => c.name)).toEqual(['kind-dev', 'aws_kubernetes']);
    expect(config.users[0]).toEqual(existing.users[0]);
    expect(config.clusters[0]).toEqual(existing.clusters[0]);
  });

  it('replaces our entries on a rerun instead of adding duplicates', async () => {
    const path = tempPath();
    await mergeKubeconfig([path], entry);
    await mergeKubeconfig([path], { ...entry, server: 'https://198.51.100.7:443' });
    const config = read(path);
    expect(config.clusters).toHaveLength(1);
    expect(config.clusters[0].cluster.server).toBe('https://198.51.100.7:443');
    expect(config.users).toHaveLength(1);
    expect(config.contexts).toHaveLength(1);
  });

  it('removes only our context, cluster and user', async () => {
    const path = tempPath();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, YAML.stringify(existing));
    await mergeKubeconfig([path], entry);
    await removeKubeconfigContext(path, 'aws_kubernetes');
    const config = read(path);
    expect(config.clusters).toEqual(existing.clusters);
    expect(config.users).toEqual(existing.users);
    expect(config.contexts).toEqual(existing.contexts);
    expect(config['current-context']).toBe('kind-dev');
  });

  it('clears current-context when it pointed at the removed context', async () => {
    const path = tempPath();
    await mergeKubeconfig([path], entry);
    await removeKubeconfigContext(path, 'aws_kubernetes');
    const config = read(path);
    expect(config['current-context']).toBe('');
    expect(config.contexts).toEqual([]);
  });

  it('treats a missing file as nothing to remove', async () => {
    await expect(removeKubeconfigContext(tempPath(), 'aws_kubernetes')).resolves.toBeUndefined();
  });
});

// The kubeconfig is the user's file: an up then a down leaves it byte for byte as it was; writes go
// through a symlink, under kubectl's `<file>.lock`; one cluster name in two regions gets two
// contexts; a KUBECONFIG list is read and written by kubectl's rules; a broken file is named with
// its line before anything is built.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  checkKubeconfig,
  findClusterContexts,
  KubeconfigSyntaxError,
  kubeconfigWriteTarget,
  mergeKubeconfig,
  removeKubeconfigContext,
} from '../../src/kubernetes/kubeconfig.js';

const pem = (what: string, size = 1) =>
  `-----BEGIN CERTIFICATE-----\n${`${what}`.repeat(size)}\n-----END CERTIFICATE-----\n`;
const cluster = (name: string, region: string, ip: string, ca = `${name}-${region}-ca`) => ({
  cluster: { name, region },
  server: `https://${ip}:443`,
  caPem: pem(ca),
  certPem: pem('ADMIN', 40),
  keyPem: pem('KEY', 40),
});

const LONG = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t'.repeat(40);
/** A user's kubeconfig as people keep them: comments, an anchor and alias, long base64 strings. */
const ORIGINAL = `# my clusters, kept by hand
apiVersion: v1
kind: Config
preferences: {}
clusters:
# the laptop cluster
- cluster:
    certificate-authority-data: ${LONG}
    server: https://127.0.0.1:6443   # kind
  name: kind-dev
- name: staging
  cluster:
    server: "https://staging.example.com"
users:
- name: kind-dev
  user: &creds
    token: abc
- name: staging
  user: *creds
contexts:
- context:
    cluster: kind-dev
    user: kind-dev
  name: kind-dev
- {name: staging, context: {cluster: staging, user: staging}}
current-context: kind-dev
`;

function home(): string {
  return mkdtempSync(join(tmpdir(), 'kube-tui-kubeconfig-'));
}

describe("the kubeconfig is the user's file", () => {
  it('up then down leaves a kubeconfig with comments, an anchor, long strings and a symlink byte for byte equal', async () => {
    const dir = home();
    mkdirSync(join(dir, 'dotfiles'));
    const target = join(dir, 'dotfiles', 'kubeconfig');
    writeFileSync(target, ORIGINAL, { mode: 0o600 });
    const link = join(dir, 'config');
    symlinkSync(target, link);

    const written = await mergeKubeconfig([link], cluster('kubernetes', 'us-west-2', '203.0.113.10'));
    expect(written).toEqual({ path: link, context: 'aws_kubernetes' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const merged = YAML.parse(readFileSync(target, 'utf8'));
    expect(merged.contexts.map((c: { name: string }) => c.name).sort()).toEqual([
      'aws_kubernetes',
      'kind-dev',
      'staging',
    ]);
    expect(merged['current-context']).toBe('kind-dev');

    const found = await findClusterContexts([link], {
      caPem: cluster('kubernetes', 'us-west-2', '').caPem,
      servers: ['https://203.0.113.10:443'],
    });
    expect(found).toEqual([{ path: link, context: 'aws_kubernetes' }]);
    await removeKubeconfigContext(link, 'aws_kubernetes');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8').trimEnd()).toBe(ORIGINAL.trimEnd());
  });

  it('one cluster name in two regions: aws_<name> for the first, aws_<name>_<region> for the second; each down finds only its own', async () => {
    const path = join(home(), 'config');
    const west = cluster('x', 'us-west-2', '203.0.113.1');
    const east = cluster('x', 'us-east-1', '203.0.113.2');
    expect((await mergeKubeconfig([path], west)).context).toBe('aws_x');
    expect((await mergeKubeconfig([path], east)).context).toBe('aws_x_us-east-1');
    // A rerun of the first keeps its name.
    expect((await mergeKubeconfig([path], west)).context).toBe('aws_x');
    const config = YAML.parse(readFileSync(path, 'utf8'));
    expect(config.contexts.map((c: { name: string }) => c.name).sort()).toEqual(['aws_x', 'aws_x_us-east-1']);

    expect(await findClusterContexts([path], { caPem: east.caPem, servers: [east.server] })).toEqual([
      { path, context: 'aws_x_us-east-1' },
    ]);
    // Same CA but another server: not this cluster's.
    expect(await findClusterContexts([path], { caPem: west.caPem, servers: [east.server] })).toEqual([]);
  });

  it('KUBECONFIG with several paths: writes to the first that exists, else the first; finds entries in every file', async () => {
    const dir = home();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => join(dir, name));
    expect(await kubeconfigWriteTarget([a!, b!, c!])).toBe(a);
    writeFileSync(b!, ORIGINAL);
    writeFileSync(c!, 'apiVersion: v1\nkind: Config\n');
    expect(await kubeconfigWriteTarget([a!, b!, c!])).toBe(b);
    const one = cluster('k', 'us-west-2', '203.0.113.3');
    expect(await mergeKubeconfig([a!, b!, c!], one)).toEqual({ path: b, context: 'aws_k' });
    await mergeKubeconfig([c!], one);
    expect(await findClusterContexts([a!, b!, c!], { caPem: one.caPem, servers: [one.server] })).toEqual([
      { path: b, context: 'aws_k' },
      { path: c, context: 'aws_k' },
    ]);
  });

  it('four writers at once: four contexts, under the lock', async () => {
    const path = join(home(), 'config');
    writeFileSync(path, ORIGINAL);
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((name, index) =>
        mergeKubeconfig([path], cluster(name, 'us-west-2', `203.0.113.${index + 20}`)),
      ),
    );
    const config = YAML.parse(readFileSync(path, 'utf8'));
    expect(config.contexts.map((c: { name: string }) => c.name).sort()).toEqual([
      'aws_a',
      'aws_b',
      'aws_c',
      'aws_d',
      'kind-dev',
      'staging',
    ]);
  });

  it("waits for kubectl's lock (an empty <file>.lock) and writes once it is gone, leaving no lock", async () => {
    const path = join(home(), 'config');
    writeFileSync(path, ORIGINAL);
    writeFileSync(`${path}.lock`, '');
    let merged = false;
    const merge = mergeKubeconfig([path], cluster('k', 'us-west-2', '203.0.113.30')).then((result) => {
      merged = true;
      return result;
    });
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(merged).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(ORIGINAL);
    rmSync(`${path}.lock`);
    await expect(merge).resolves.toEqual({ path, context: 'aws_k' });
    expect(readFileSync(path, 'utf8')).toContain('aws_k');
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a malformed kubeconfig is named with its line before anything is built', async () => {
    const path = join(home(), 'config');
    writeFileSync(path, 'apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: x\ncontexts: []\n');
    const error = await checkKubeconfig([path]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeconfigSyntaxError);
    expect((error as Error).message).toMatch(new RegExp(`^${path.replaceAll('/', '\\/')} line \\d+: `));
    await expect(checkKubeconfig([join(home(), 'missing')])).resolves.toBeUndefined();
    const notAMap = join(home(), 'list');
    writeFileSync(notAMap, '- a\n- b\n');
    await expect(checkKubeconfig([notAMap])).rejects.toThrow(/not a kubeconfig/);
  });
});

// The kubeconfig from the command line: a malformed file stops `up` before anything is built and
// names the file and line; `--kubeconfig PATH` writes elsewhere; `down` always removes the cloud
// resources and, when the file cannot be edited, leaves it alone and says which context to remove;
// the same cluster name in two regions gets two contexts and each `down` removes only its own;
// four `up` at once leave four contexts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { snapshotAccount } from '../support/snapshot.js';

const pinned = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32', '--nodes', '1'];
const BROKEN =
  'apiVersion: v1\nclusters:\n- name: mine\n  cluster: {server: https://10.0.0.1\ncontexts: []\n';

function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'kube-tui-kubeconfig-home-'));
  mkdirSync(join(home, '.kube'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), KUBECONFIG: undefined };
}
const contextsIn = (path: string): string[] =>
  (YAML.parse(readFileSync(path, 'utf8')).contexts ?? []).map((c: { name: string }) => c.name).sort();

describe('the kubeconfig from the command line', () => {
  const moto = useMoto();
  const cli = (args: string[], env: Record<string, string | undefined>) =>
    runCli([...args, '--endpoint', moto.url], { env, timeoutMs: 300_000 });

  it('a malformed ~/.kube/config: up builds nothing and names the file and line; --kubeconfig writes elsewhere; down still removes the cluster and says which context to remove', async () => {
    const env = freshHome();
    const config = join(env.HOME, '.kube', 'config');
    writeFileSync(config, BROKEN);
    const before = await snapshotAccount(moto.clients());

    const refused = await cli(['up', '--yes', '--cluster', 'typo', ...pinned], env);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`${config} line `);
    expect(refused.stderr).toContain('--kubeconfig');
    expect(await snapshotAccount(moto.clients())).toEqual(before);

    const elsewhere = join(env.HOME, 'typo.kubeconfig');
    const up = await cli(['up', '--yes', '--cluster', 'typo', '--kubeconfig', elsewhere, ...pinned], env);
    expect(up.code, up.stderr).toBe(0);
    expect(contextsIn(elsewhere)).toEqual(['aws_typo']);
    expect(readFileSync(config, 'utf8')).toBe(BROKEN);

    // The broken file in the list: the cloud resources go all the same, the file is left alone.
    const down = await cli(['down', '--yes', '--cluster', 'typo'], {
      ...env,
      KUBECONFIG: `${config}:${elsewhere}`,
    });
    expect(down.code, down.stderr + down.stdout).toBe(0);
    expect(down.stdout).toMatch(/remove this cluster's context by hand \(aws_typo/);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
    expect(readFileSync(config, 'utf8')).toBe(BROKEN);
  }, 300_000);

  it('one cluster name in two regions: two contexts; down in one region removes only its own', async () => {
    const env = freshHome();
    const config = join(env.HOME, '.kube', 'config');
    const west = await cli(['up', '--yes', '--cluster', 'twin', '--region', 'us-west-2', ...pinned], env);
    expect(west.code, west.stderr).toBe(0);
    const east = await cli(['up', '--yes', '--cluster', 'twin', '--region', 'us-east-1', ...pinned], env);
    expect(east.code, east.stderr).toBe(0);
    expect(east.stdout).toContain('context aws_twin_us-east-1');
    expect(contextsIn(config)).toEqual(['aws_twin', 'aws_twin_us-east-1']);

    const down = await cli(['down', '--yes', '--cluster', 'twin', '--region', 'us-east-1'], env);
    expect(down.code, down.stderr).toBe(0);
    expect(contextsIn(config)).toEqual(['aws_twin']);
    const rest = await cli(['down', '--yes', '--cluster', 'twin', '--region', 'us-west-2'], env);
    expect(rest.code, rest.stderr).toBe(0);
    expect(contextsIn(config)).toEqual([]);
  }, 300_000);

  it('four up of different clusters at once: four contexts, the user context kept byte for byte', async () => {
    const env = freshHome();
    const config = join(env.HOME, '.kube', 'config');
    const mine =
      '# mine\nclusters:\n- name: mine\n  cluster:\n    server: https://10.0.0.1\ncontexts:\n- name: mine\n  context: {cluster: mine, user: mine}\nusers:\n- name: mine\n  user: {token: t}\ncurrent-context: mine\n';
    writeFileSync(config, mine);
    // The key exists already: this is about the kubeconfig, not about who makes the key first.
    mkdirSync(join(env.HOME, '.ssh'), { mode: 0o700 });
    execFileSync('ssh-keygen', [
      '-q',
      '-t',
      'rsa',
      '-b',
      '2048',
      '-N',
      '',
      '-f',
      join(env.HOME, '.ssh', 'kube_aws_rsa'),
    ]);
    const names = ['quad-a', 'quad-b', 'quad-c', 'quad-d'];
    const results = await Promise.all(
      names.map((name) => cli(['up', '--yes', '--cluster', name, ...pinned], env)),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(contextsIn(config)).toEqual([...names.map((name) => `aws_${name}`), 'mine']);
    for (const name of names) {
      const down = await cli(['down', '--yes', '--cluster', name], env);
      expect(down.code, down.stderr).toBe(0);
    }
    expect(readFileSync(config, 'utf8')).toBe(mine);
  }, 600_000);
});

// Clusters that expire and protection, against moto: `up --ttl` / `--protect` tag every resource
// the cluster owns; the inventory shows the time left or "expired"; `cleanup --expired` deletes only
// what has expired and is not protected; `down` and `cleanup --orphans` refuse what is protected.
import { CreateTagsCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { EXPIRES_AT_TAG, PROTECT_TAG } from '../../src/model/lifecycle.js';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { engineFor, testConfig } from '../support/cluster.js';
import { makeLeftovers } from '../support/leftovers.js';

const PAST = '2020-01-01T00:00:00Z';

async function discoverWith(url: string, region = 'us-west-2'): Promise<Inventory> {
  const engine = engineFor(url, region);
  try {
    return await engine.discover();
  } finally {
    engine.close();
  }
}

/** Provisions through the engine, with the deadline moved to `expiresAt` when given. */
async function makeCluster(
  url: string,
  name: string,
  options: { ttl?: string; protect?: boolean; expiresAt?: string; region?: string } = {},
) {
  const region = options.region ?? 'us-west-2';
  const engine = engineFor(url, region);
  try {
    const plan = await engine.plan(
      testConfig({
        name,
        region,
        zone: `${region}a`,
        nodes: 1,
        protect: options.protect ?? false,
        ...(options.ttl ? { ttl: options.ttl } : {}),
      }),
    );
    if (options.expiresAt) plan.expiresAt = options.expiresAt;
    await engine.provision(plan, { onEvent: () => {} });
    return plan;
  } finally {
    engine.close();
  }
}

describe('clusters that expire, and protection', () => {
  const moto = useMoto();
  const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli([...args, '--endpoint', moto.url, '--region', 'us-west-2'], { env });

  it('up --ttl and --protect tag every resource the cluster owns, through the same path as its cluster tags', async () => {
    const before = Date.now();
    const plan = await makeCluster(moto.url, 'tagged', { ttl: '8h', protect: true });
    const deadline = Date.parse(plan.expiresAt!);
    expect(plan.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(deadline).toBeGreaterThanOrEqual(before + 8 * 3_600_000 - 1_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 8 * 3_600_000);

    const cluster = (await discoverWith(moto.url)).clusters.find((entry) => entry.name === 'tagged')!;
    const owned = cluster.resources.filter(
      (resource) => resource.ownership === 'owned' && resource.type !== 'key-pair',
    );
    // Every kind the create makes: VPC to instances, IAM, the bucket, the group and its template.
    expect(new Set(owned.map((resource) => resource.type))).toEqual(
      new Set([
        's3-bucket',
        'iam-role',
        'iam-instance-profile',
        'vpc',
        'subnet',
        'internet-gateway',
        'route-table',
        'security-group',
        'volume',
        'elastic-ip',
        'instance',
        'launch-template',
        'auto-scaling-group',
      ]),
    );
    const untagged = owned.filter(
      (resource) => resource.tags[EXPIRES_AT_TAG] !== plan.expiresAt || resource.tags[PROTECT_TAG] !== 'true',
    );
    expect(untagged.map((resource) => `${resource.type} ${resource.id}`)).toEqual([]);
    expect(cluster.expiresAt).toBe(plan.expiresAt);
    expect(cluster.protected).toBe(true);
  });

  it('inventory shows the time left or "expired", in tables and in --json', async () => {
    await makeCluster(moto.url, 'old', { expiresAt: PAST });
    await makeCluster(moto.url, 'fresh', { ttl: '24h' });
    await makeCluster(moto.url, 'forever');

    const json = await cli(['inventory', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const clusters = JSON.parse(json.stdout).clusters as Record<string, unknown>[];
    for (const cluster of clusters)
      expect(Object.keys(cluster)).toEqual([
        'name',
        'region',
        'hourlyUsd',
        'costSoFarUsd',
        'unpriced',
        'expiresAt',
        'expired',
        'protected',
        'resources',
      ]);
    const byName = Object.fromEntries(clusters.map((cluster) => [cluster.name, cluster]));
    expect(byName.old).toMatchObject({ expiresAt: PAST, expired: true, protected: false });
    expect(byName.fresh).toMatchObject({ expired: false, protected: false });
    expect(byName.forever).toMatchObject({ expiresAt: null, expired: false });

    const table = await cli(['inventory']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Cluster old · us-west-2 · .* · expired$/m);
    expect(table.stdout).toMatch(/^Cluster fresh · us-west-2 · .* · 2[34] h \d+ min left$/m);
    expect(table.stdout).toMatch(/^Cluster forever · us-west-2 · .*\/h, \$\d+\.\d+ so far$/m);
  });

  it('cleanup --expired deletes only the expired cluster: a fresh one and a protected expired one stay', async () => {
    await makeCluster(moto.url, 'old', { expiresAt: PAST });
    await makeCluster(moto.url, 'fresh', { ttl: '24h' });
    await makeCluster(moto.url, 'guarded', { expiresAt: PAST, protect: true });

    const plain = await cli(['cleanup', '--expired']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('needs an interactive terminal');
    expect(plain.stderr).toContain('kube-tui cleanup --expired --region us-west-2');
    expect(plain.stderr).toContain('--yes');

    const dry = await cli(['cleanup', '--expired', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plans = JSON.parse(dry.stdout);
    expect(Object.keys(plans)).toEqual(['region', 'expired', 'protected']);
    expect(plans.expired.map((entry: { name: string }) => entry.name)).toEqual(['old']);
    expect(Object.keys(plans.expired[0])).toEqual(['name', 'region', 'expiresAt', 'plan', 'exitCode']);
    expect(plans.protected).toEqual([{ name: 'guarded', region: 'us-west-2', expiresAt: PAST }]);
    expect((await discoverWith(moto.url)).clusters.map((cluster) => cluster.name).sort()).toEqual([
      'fresh',
      'guarded',
      'old',
    ]);

    const run = await cli(['cleanup', '--expired', '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document.expired).toHaveLength(1);
    expect(document.expired[0]).toMatchObject({ name: 'old', expiresAt: PAST, exitCode: 0 });
    expect(Object.keys(document.expired[0].result)).toEqual(['deleted', 'remaining', 'kept', 'elapsedMs']);
    expect(document.expired[0].result.remaining).toEqual([]);
    expect(run.stderr).toContain('guarded expired 2020-01-01T00:00:00Z but is protected');
    // The command that shows the tag names the cluster's own region (it may be another with --all-regions).
    expect(run.stderr).toContain(
      `kube-tui down --cluster guarded --region us-west-2 --endpoint ${moto.url} --dry-run`,
    );

    const after = await discoverWith(moto.url);
    expect(after.clusters.map((cluster) => cluster.name).sort()).toEqual(['fresh', 'guarded']);
    // Nothing of the protected cluster was touched.
    const guarded = after.clusters.find((cluster) => cluster.name === 'guarded')!;
    expect(guarded.resources.filter((resource) => resource.type === 'instance')).toHaveLength(2);

    const again = await cli(['cleanup', '--expired', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('No expired cluster in us-west-2: nothing to delete.');
  });

  it('cleanup --expired --all-regions deletes the expired clusters of every region, each from its own', async () => {
    await makeCluster(moto.url, 'west', { expiresAt: PAST });
    await makeCluster(moto.url, 'east', { expiresAt: PAST, region: 'us-east-1' });
    await makeCluster(moto.url, 'kept', { ttl: '24h', region: 'us-east-1' });

    // Without --all-regions, only --region is looked at.
    const here = await cli(['cleanup', '--expired', '--dry-run', '--json']);
    expect(here.code, here.stderr).toBe(0);
    expect(JSON.parse(here.stdout).expired.map((entry: { name: string }) => entry.name)).toEqual(['west']);

    const run = await cli(['cleanup', '--expired', '--all-regions', '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document.region).toBe('all');
    const ended = document.expired.map((entry: { name: string; region: string; exitCode: number }) => [
      entry.name,
      entry.region,
      entry.exitCode,
    ]);
    expect(ended.sort()).toEqual([
      ['east', 'us-east-1', 0],
      ['west', 'us-west-2', 0],
    ]);
    for (const entry of document.expired) expect(entry.result.remaining).toEqual([]);
    expect((await discoverWith(moto.url)).clusters).toEqual([]);
    expect((await discoverWith(moto.url, 'us-east-1')).clusters.map((cluster) => cluster.name)).toEqual([
      'kept',
    ]);

    // The orphans are cleaned up one region at a time.
    const orphans = await cli(['cleanup', '--orphans', '--all-regions', '--yes']);
    expect(orphans.code).toBe(2);
    expect(orphans.stderr).toContain('cleanup --all-regions: only with --expired');
  });

  it('down refuses a protected cluster, deletes nothing and names the tag to remove', async () => {
    await makeCluster(moto.url, 'guarded', { protect: true });
    const before = (await discoverWith(moto.url)).clusters[0]!.resources.map(
      (resource) => resource.id,
    ).sort();

    const dry = await cli(['down', '--cluster', 'guarded', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan.plan.every((step: { action: string }) => step.action === 'skip')).toBe(true);
    expect(plan.protected.length).toBeGreaterThan(0);
    const vpc = plan.protected.find((entry: { type: string }) => entry.type === 'vpc');
    expect(vpc.untag).toBe(
      `aws ec2 delete-tags --region us-west-2 --resources ${vpc.id} --tags Key=kube-tui/protect`,
    );

    const run = await cli(['down', '--cluster', 'guarded', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cluster guarded is protected');
    expect(run.stderr).toContain('aws ec2 delete-tags --region us-west-2 --resources');
    // Refused, not run: no "Deleting …: 0 to remove", no list of what "remains" after a run.
    expect(run.stdout + run.stderr).not.toMatch(/Deleting|to remove|remain/);
    expect(run.stderr).toContain(
      '✖ Nothing of cluster guarded in us-west-2 was deleted: it is protected. Once the tag is removed: kube-tui down --cluster guarded',
    );
    const after = (await discoverWith(moto.url)).clusters[0]!.resources.map((resource) => resource.id).sort();
    expect(after).toEqual(before);
  });

  it('cleanup --orphans keeps a protected orphan and deletes the others', async () => {
    const clients = moto.clients();
    const gone = await makeLeftovers(clients, 'gone');
    await clients
      .ec2()
      .send(
        new CreateTagsCommand({ Resources: [gone.volumeId], Tags: [{ Key: PROTECT_TAG, Value: 'true' }] }),
      );

    const run = await cli(['cleanup', '--orphans', '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).kept).toContainEqual(
      expect.objectContaining({ type: 'volume', id: gone.volumeId }),
    );
    expect(run.stdout + run.stderr).toContain(
      `aws ec2 delete-tags --region us-west-2 --resources ${gone.volumeId}`,
    );
    const { Volumes = [] } = await clients
      .ec2()
      .send(new DescribeVolumesCommand({ VolumeIds: [gone.volumeId] }));
    expect(Volumes).toHaveLength(1);
    const orphans = (await discoverWith(moto.url)).orphans.map((orphan) => orphan.id);
    expect(orphans).toContain(gone.volumeId);
    expect(orphans).not.toContain(gone.keyName);
  });

  it('up refuses a ttl it cannot read, with exit 2 and what is allowed', async () => {
    const bad = await cli(['up', '--dry-run', '--ttl', '3 weeks']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'kube-tui: --ttl "3 weeks": expected a duration in whole hours or days such as 8h, 24h or 7d (at most 365d), or never',
    );
    const zero = await cli(['up', '--dry-run', '--ttl', '0h']);
    expect(zero.code).toBe(2);
  });
});

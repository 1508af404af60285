// Spend across every region: what the clusters cost an hour and the orphans a month, from the
// dated price table, in `inventory --all-regions --json` and in the engine's region-by-region scan
// that fills Home's line. Against moto, which serves every region on one endpoint.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { estimateHourlyCost } from '../../src/model/cluster-cost.js';
import type { DiscoverProgress } from '../../src/model/engine.js';
import { HOURS_PER_MONTH, INSTANCE_HOURLY_USD, PUBLIC_IPV4_HOURLY_USD } from '../../src/model/prices.js';
import { spendOf } from '../../src/model/spend.js';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { engineFor } from '../support/cluster.js';
import { makeKubeUpCluster } from '../support/kube-up.js';
import { makeLeftovers } from '../support/leftovers.js';

interface SpendDocument {
  spend: {
    runningHourlyUsd: number;
    leakingMonthlyUsd: number;
    unpriced: string[];
    pricesAsOf: string;
    pricesRegion: string;
  };
  clusters: { name: string; region: string; hourlyUsd: number; costSoFarUsd: number; unpriced: string[] }[];
  orphans: { type: string; id: string; region: string; monthlyUsd: number | null; price: string }[];
}

describe('spend across every region', () => {
  const moto = useMoto();

  it('prices each cluster by the hour and each orphan by the month, in inventory --all-regions --json', async () => {
    // kube-up's cluster: an m3.medium master (not in the table) and one t2.micro node.
    await makeKubeUpCluster(moto.clients(), { name: 'running', nodes: 1 });
    const leftovers = await makeLeftovers(moto.clients('ap-south-1'), 'gone', 'ap-south-1');
    // 3 MiB in the staging bucket.
    const bytes = new Uint8Array(1024 * 1024);
    for (const index of [1, 2, 3])
      await moto
        .clients('ap-south-1')
        .s3('ap-south-1')
        .send(new PutObjectCommand({ Bucket: leftovers.bucket, Key: `gone/part-${index}`, Body: bytes }));

    const run = await runCli(['inventory', '--all-regions', '--json', '--endpoint', moto.url]);
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout) as SpendDocument;

    const cluster = document.clusters.find((entry) => entry.name === 'running')!;
    // The node and the master's public IPv4 are priced; the m3.medium is not, and says so.
    expect(cluster.unpriced).toEqual(['m3.medium']);
    expect(cluster.hourlyUsd).toBeGreaterThanOrEqual(INSTANCE_HOURLY_USD['t2.micro']!);
    expect(cluster.costSoFarUsd).toBeGreaterThanOrEqual(0);
    expect(document.spend.runningHourlyUsd).toBeCloseTo(cluster.hourlyUsd, 4);

    const orphan = (type: string, id?: string) =>
      document.orphans.find((entry) => entry.type === type && (id === undefined || entry.id === id))!;
    // moto's default volume type is gp2: 20 GiB × $0.10.
    expect(orphan('volume', leftovers.volumeId)).toMatchObject({
      monthlyUsd: 2,
      price: 'exact',
      region: 'ap-south-1',
    });
    expect(orphan('elastic-ip', leftovers.taggedAllocationId)).toMatchObject({
      monthlyUsd: Number((PUBLIC_IPV4_HOURLY_USD * HOURS_PER_MONTH).toFixed(2)),
      price: 'exact',
    });
    // The bucket is priced by what it stores (3 MiB: less than a cent), not "unpriced".
    expect(orphan('s3-bucket', leftovers.bucket)).toMatchObject({ price: 'exact', monthlyUsd: 0 });
    // Key pairs and roles cost nothing in AWS: free, $0; nothing here is unpriced.
    expect(orphan('key-pair')).toMatchObject({ price: 'free', monthlyUsd: 0 });
    expect(orphan('iam-role')).toMatchObject({ price: 'free', monthlyUsd: 0 });
    expect(document.orphans.filter((entry) => entry.monthlyUsd === null)).toEqual([]);
    const leaking = document.orphans.reduce((sum, entry) => sum + (entry.monthlyUsd ?? 0), 0);
    expect(document.spend.leakingMonthlyUsd).toBeCloseTo(leaking, 1);
    expect(document.spend.leakingMonthlyUsd).toBeGreaterThan(2 + 3.65);
    expect(document.spend.unpriced).toEqual(['m3.medium']);
    expect(document.spend).toMatchObject({ pricesAsOf: '2026-04', pricesRegion: 'us-east-1' });

    // The tables say the same, with the date of the prices.
    const table = await runCli(['inventory', '--all-regions', '--endpoint', moto.url]);
    expect(table.stdout).toMatch(/Cluster running · us-west-2 · .* · about ≥\$0\.\d+\/h, \$\d+\.\d+ so far/);
    expect(table.stdout).toMatch(/volume +gone-master-pd +vol-\w+ +ap-south-1 +\$2\.00\/month/);
    expect(table.stdout).toMatch(/key-pair .* free/);
    expect(table.stdout).toMatch(/Spend: ≥\$0\.\d+\/h running · ≥\$\d+\.\d\d\/month leaking/);
    expect(table.stdout).toContain(
      'approximate on-demand prices as of 2026-04 (us-east-1 list prices); unpriced, left out: m3.medium',
    );
  }, 240_000);

  it('scans region by region, each report adding one, and ends with the whole account', async () => {
    await makeKubeUpCluster(moto.clients(), { name: 'running', nodes: 1 });
    const leftovers = await makeLeftovers(moto.clients('ap-south-1'), 'gone', 'ap-south-1');
    const engine = engineFor(moto.url);
    try {
      const regions = await engine.listRegions();
      const reports: DiscoverProgress[] = [];
      const inventory = await engine.scanAllRegions({ onRegion: (progress) => reports.push(progress) });

      expect(reports.map((report) => report.regionsDone)).toEqual(regions.map((_, index) => index + 1));
      expect(new Set(reports.map((report) => report.region))).toEqual(new Set(regions));
      expect(reports.every((report) => report.regionsTotal === regions.length)).toBe(true);
      expect(inventory.allRegions).toBe(true);
      expect(inventory.regions).toEqual([...regions].sort());

      // The figures only grow as regions come in; the last report has every regional leftover,
      // the bucket (S3 is global) only the whole scan.
      const leaks = reports.map((report) => spendOf(report.inventory).leakingMonthlyUsd);
      expect(leaks).toEqual([...leaks].sort((a, b) => a - b));
      const last = reports.at(-1)!.inventory;
      expect(last.orphans.map((orphan) => orphan.id)).toContain(leftovers.volumeId);
      expect(last.orphans.map((orphan) => orphan.id)).not.toContain(leftovers.bucket);
      expect(inventory.orphans.map((orphan) => orphan.id)).toContain(leftovers.bucket);
      const running = inventory.clusters.find((cluster) => cluster.name === 'running')!;
      expect(spendOf(last).runningHourlyUsd).toBeCloseTo(estimateHourlyCost(running.resources).hourlyUsd, 6);
    } finally {
      engine.close();
    }
  }, 240_000);
});

// Spot nodes against moto, the CLI as shipped: the price from NODE_SPOT_PRICE or the flags, refused
// when it is not a price (before anything is made); the node group's mixed instances policy and
// tags; the dry run's spot line and JSON with the zone's spot price; the inventory's "spot"; a
// rerun that finds the group; a launch AWS fails, whose reason the checklist names; down leaves
// the account as it was. moto ignores the market and answers no scaling activities, so the fault
// proxy answers those calls as AWS would (DESIGN.md section 9, emulator notes).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, type ProxiedRequest, startFaultProxy } from '../support/fault-proxy.js';
import { snapshotAccount } from '../support/snapshot.js';

const pinnedCidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];
const GROUP = 'kubernetes-minion-group';

type PricedCluster = { hourlyUsd: number; unpriced: string[] };
const NO_CAPACITY =
  'Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot capacity available that matches your request. Launching EC2 instance failed.';

function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'kube-tui-spot-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), KUBECONFIG: undefined };
}

const xml = (body: string) => ({ status: 200, headers: { 'content-type': 'text/xml' }, body });

/** EC2's price history for t3.medium: per zone, its entries as [price, time]. */
function spotHistory(byZone: Record<string, [string, string][]>) {
  const items = Object.entries(byZone).flatMap(([zone, entries]) =>
    entries.map(
      ([price, at]) =>
        `<item><instanceType>t3.medium</instanceType><productDescription>Linux/UNIX</productDescription><spotPrice>${price}</spotPrice><timestamp>${at}</timestamp><availabilityZone>${zone}</availabilityZone></item>`,
    ),
  );
  return {
    service: 'ec2',
    action: 'DescribeSpotPriceHistory',
    answer: () =>
      xml(
        `<DescribeSpotPriceHistoryResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId><spotPriceHistorySet>${items.join('')}</spotPriceHistorySet><nextToken></nextToken></DescribeSpotPriceHistoryResponse>`,
      ),
  };
}

/** us-west-2a: an older and the current price; us-west-2b: its current price. */
const spotPrices = spotHistory({
  'us-west-2a': [
    ['0.020000', '2026-03-01T00:00:00.000Z'],
    ['0.012500', '2026-04-01T00:00:00.000Z'],
  ],
  'us-west-2b': [['0.013500', '2026-04-01T00:00:00.000Z']],
});

describe('spot nodes', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;

  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('refuses a spot price that is not one, naming the flag or the variable, and makes nothing', async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const byFlag = await runCli(['up', '--endpoint', moto.url, '--yes', '--node-spot-price', 'cheap'], {
      env,
    });
    expect(byFlag.code, byFlag.stderr).toBe(2);
    expect(byFlag.stderr).toContain(
      '--node-spot-price cheap: expected a price in USD per hour from 0.001 to 100',
    );
    const byEnv = await runCli(['up', '--endpoint', moto.url, '--yes', ...pinnedCidrs], {
      env: { ...env, NODE_SPOT_PRICE: '250' },
    });
    expect(byEnv.code, byEnv.stderr).toBe(2);
    expect(byEnv.stderr).toContain(
      '--node-spot-price 250 (from NODE_SPOT_PRICE): expected a price in USD per hour',
    );
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 120_000);

  it("shows the cap and the zone's spot price against the on-demand table in the dry run", async () => {
    const env = freshHome();
    proxy = await startFaultProxy({ target: moto.url, rules: [spotPrices] });
    const text = await runCli(['up', '--endpoint', proxy.url, '--dry-run', ...pinnedCidrs], {
      env: { ...env, NODE_SPOT_PRICE: '0.02' },
    });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      'nodes spot, max $0.0200/h; spot now $0.0125/h vs on-demand $0.0416/h: −70 %',
    );
    const json = await runCli(
      ['up', '--endpoint', proxy.url, '--dry-run', '--json', '--node-spot', ...pinnedCidrs],
      {
        env,
      },
    );
    expect(json.code, json.stderr).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document.config).toMatchObject({ nodeSpot: true, nodeSpotPrice: null });
    expect(document.spot).toEqual({
      maxPriceUsd: null,
      nowHourlyUsd: 0.0125,
      nowByZone: { 'us-west-2a': 0.0125 },
      onDemandHourlyUsd: 0.0416,
    });

    // Nodes in two zones: each zone's price from the same one call, their mean in the line, and a
    // cap under one zone's price names that zone.
    const zones = await runCli(
      [
        'up',
        '--endpoint',
        proxy.url,
        '--dry-run',
        '--node-zones',
        'a,b',
        '--node-spot-price',
        '0.013',
        ...pinnedCidrs,
      ],
      { env },
    );
    expect(zones.code, zones.stderr).toBe(0);
    expect(zones.stdout).toContain(
      'nodes spot, max $0.0130/h; spot now $0.0130/h, the mean of 2 zones, vs on-demand $0.0416/h: −69 %',
    );
    expect(zones.stdout).toContain(
      "node spot price 0.013: below t3.medium's spot price now (us-west-2b $0.0135/h), so no node launches there until the price falls under it",
    );
    const zonesJson = await runCli(
      [
        'up',
        '--endpoint',
        proxy.url,
        '--dry-run',
        '--json',
        '--node-zones',
        'a,b',
        '--node-spot',
        ...pinnedCidrs,
      ],
      { env },
    );
    expect(JSON.parse(zonesJson.stdout).spot).toMatchObject({
      nowHourlyUsd: 0.013,
      nowByZone: { 'us-west-2a': 0.0125, 'us-west-2b': 0.0135 },
    });
    // One call per plan, whatever the number of zones: four plans, four calls.
    expect(proxy.records().filter((record) => record.action === 'DescribeSpotPriceHistory')).toHaveLength(4);

    // A history that cannot be read is unknown, never $0, and does not stop the plan.
    await proxy.stop();
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [{ service: 'ec2', action: 'DescribeSpotPriceHistory', error: 'serverError' }],
    });
    const unknown = await runCli(
      ['up', '--endpoint', proxy.url, '--dry-run', '--node-spot', ...pinnedCidrs],
      {
        env: { ...env, KUBE_TUI_RETRY_SCALE: '0.01' },
      },
    );
    expect(unknown.code, unknown.stderr).toBe(0);
    expect(unknown.stdout).toContain('nodes spot, up to the on-demand price; spot price unknown');
    const onDemand = await runCli(['up', '--endpoint', moto.url, '--dry-run', '--json', ...pinnedCidrs], {
      env: { ...env, NODE_SPOT_PRICE: '' },
    });
    expect(JSON.parse(onDemand.stdout)).toMatchObject({
      config: { nodeSpot: false, nodeSpotPrice: null },
      spot: null,
    });
  }, 180_000);

  it('puts the node group on spot with a mixed instances policy; a rerun finds it; down leaves nothing', async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const up = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs], {
      env: { ...env, NODE_SPOT_PRICE: '0.02' },
    });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(`${GROUP} (1 spot nodes)`);

    const { AutoScalingGroups = [] } = await moto
      .clients()
      .autoScaling()
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }));
    const group = AutoScalingGroups[0];
    expect(group?.LaunchTemplate).toBeUndefined();
    expect(group?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.LaunchTemplateName).toBe(
      GROUP,
    );
    expect(group?.MixedInstancesPolicy?.InstancesDistribution).toMatchObject({
      OnDemandBaseCapacity: 0,
      OnDemandPercentageAboveBaseCapacity: 0,
      SpotAllocationStrategy: 'price-capacity-optimized',
      SpotMaxPrice: '0.02',
    });
    expect(group?.CapacityRebalance).toBe(true);
    expect(group?.Tags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Key: 'KubernetesCluster', Value: 'kubernetes', PropagateAtLaunch: true }),
        expect.objectContaining({
          Key: 'kubernetes.io/cluster/kubernetes',
          Value: 'owned',
          PropagateAtLaunch: true,
        }),
      ]),
    );

    const inventory = await runCli(['inventory', '--endpoint', moto.url, '--json'], { env });
    expect(inventory.code, inventory.stderr).toBe(0);
    const resources = JSON.parse(inventory.stdout).clusters[0].resources as { type: string; state: string }[];
    expect(resources.find((resource) => resource.type === 'auto-scaling-group')?.state).toBe(
      '1/1 instances, spot, max $0.0200/h',
    );

    // The node is priced at its zone's spot price now, read once for the region; the master at the
    // on-demand table. A price that cannot be read leaves the node unpriced, never on-demand.
    proxy = await startFaultProxy({ target: moto.url, rules: [spotPrices] });
    const priced = await runCli(['inventory', '--endpoint', proxy.url, '--json'], { env });
    expect(priced.code, priced.stderr).toBe(0);
    const pricedCluster = JSON.parse(priced.stdout).clusters[0] as PricedCluster;
    expect(pricedCluster.unpriced).toEqual([]);
    expect(proxy.records().filter((record) => record.action === 'DescribeSpotPriceHistory')).toHaveLength(1);
    await proxy.stop();
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [{ service: 'ec2', action: 'DescribeSpotPriceHistory', error: 'serverError' }],
    });
    const unread = await runCli(['inventory', '--endpoint', proxy.url, '--json'], {
      env: { ...env, KUBE_TUI_RETRY_SCALE: '0.01' },
    });
    expect(unread.code, unread.stderr).toBe(0);
    const unreadCluster = JSON.parse(unread.stdout).clusters[0] as PricedCluster;
    expect(unreadCluster.unpriced).toEqual(['spot t3.medium']);
    // The node's price is all that differs: $0.0125 an hour, not the on-demand $0.0416.
    expect(pricedCluster.hourlyUsd - unreadCluster.hourlyUsd).toBeCloseTo(0.0125, 4);

    // A zone added to a spot cluster is spot too, priced at that zone's spot price now.
    await proxy.stop();
    proxy = await startFaultProxy({ target: moto.url, rules: [spotPrices] });
    const addZone = await runCli(
      ['up', '--endpoint', proxy.url, '--dry-run', '--node-zones', '+b', '--nodes', '1'],
      { env },
    );
    expect(addZone.code, addZone.stderr).toBe(0);
    expect(addZone.stdout).toContain('(1 spot node capped at $0.0200/h, a copy of');
    expect(addZone.stdout).toContain('adds 1 × t3.medium ≈ $0.0135/h at the spot price now');

    // Scaling a spot group is priced at its zone's spot price too: $0.0125 + public IPv4 $0.005 +
    // a 32 GiB gp3 root ($2.56/month) = $0.0210 an hour per node.
    const scale = await runCli(
      ['scale', '--cluster', 'kubernetes', '--nodes', '2', '--endpoint', proxy.url, '--dry-run'],
      { env },
    );
    expect(scale.code, scale.stderr).toBe(0);
    expect(scale.stdout).toContain(
      '+$0.021/hour, +$15.34/month (approximate: t3.medium at the spot price now',
    );

    // A rerun asking for on-demand nodes finds the group, keeps it, and says so.
    const rerun = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs], {
      env,
    });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(
      "kept the existing group's spot nodes capped at $0.0200/h (asked: on-demand)",
    );

    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 300_000);

  it("names AWS's reason while the nodes do not come, and fails the step with it", async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    // moto launches every group's instances at once. A zone without spot capacity is stood for by
    // hiding the group's instances once it is made (AWS would list none) and answering its
    // activities as AWS does after a failed spot launch.
    let created = false;
    const groupName = (request: ProxiedRequest) => request.params?.get('AutoScalingGroupNames.member.1');
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        {
          service: 'autoscaling',
          action: 'CreateAutoScalingGroup',
          match: () => {
            created = true;
            return false;
          },
        },
        {
          service: 'autoscaling',
          action: 'DescribeAutoScalingGroups',
          match: (request) => created && groupName(request) === GROUP,
          answer: () =>
            xml(
              `<DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><DescribeAutoScalingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>${GROUP}</AutoScalingGroupName><MinSize>1</MinSize><MaxSize>1</MaxSize><DesiredCapacity>1</DesiredCapacity><Instances></Instances><Tags></Tags><CreatedTime>2026-04-01T00:00:00Z</CreatedTime></member></AutoScalingGroups></DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>`,
            ),
        },
        {
          service: 'autoscaling',
          action: 'DescribeScalingActivities',
          answer: () =>
            xml(
              `<DescribeScalingActivitiesResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><DescribeScalingActivitiesResult><Activities><member><ActivityId>f1</ActivityId><AutoScalingGroupName>${GROUP}</AutoScalingGroupName><Cause>An instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 1.</Cause><Description>Launching a new EC2 instance.  Status Reason: ${NO_CAPACITY}</Description><StartTime>2026-04-01T00:00:05Z</StartTime><EndTime>2026-04-01T00:00:06Z</EndTime><StatusCode>Failed</StatusCode><StatusMessage>${NO_CAPACITY}</StatusMessage><Progress>100</Progress></member></Activities></DescribeScalingActivitiesResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></DescribeScalingActivitiesResponse>`,
            ),
        },
      ],
    });
    // The retry scale shortens the nodes' 15-minute bound with every other wait.
    const up = await runCli(
      ['up', '--endpoint', proxy.url, '--yes', '--nodes', '1', '--node-spot', ...pinnedCidrs],
      {
        env: { ...env, KUBE_TUI_RETRY_SCALE: '0.001' },
      },
    );
    expect(up.code, up.stderr).toBe(1);
    expect(up.stdout).toContain(`AWS could not launch nodes yet: ${NO_CAPACITY}`);
    expect(up.stderr).toContain(`0 of 1 nodes in service after 1 s; AWS says: ${NO_CAPACITY}`);

    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 300_000);
});

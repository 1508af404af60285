// Two runs on different machines race past the local lock: both look, find nothing and create.
// AWS has no ClientToken for a VPC, subnet, internet gateway or security group, and a route table's
// is per run, so the engine settles the race itself: both runs must end on the same one, and only one may remain.
import {
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import type { AwsContext } from '../../src/aws/context.js';
import { clusterFilters } from '../../src/aws/resources/common.js';
import { ensureInternetGateway } from '../../src/aws/resources/internet-gateway.js';
import { ensureRouteTable } from '../../src/aws/resources/route-table.js';
import { ensureSecurityGroup } from '../../src/aws/resources/security-group.js';
import { ensureSubnet } from '../../src/aws/resources/subnet.js';
import { ensureVpc } from '../../src/aws/resources/vpc.js';
import { useMoto } from '../support/aws.js';

const CLUSTER = 'racers';
const REGION = 'us-west-2';

/**
 * Two contexts with clients of their own (two machines). Each holds its create until both have
 * reached it, so both have looked and found nothing: the race the local lock cannot prevent.
 *
 * `unique`: AWS refuses a second subnet CIDR or group name atomically. moto checks, then creates,
 * without a lock, so two creates let go at the same instant can both pass its check on a loaded
 * machine; here the second is let go once the first has answered, as AWS would order them.
 */
function racingRuns(url: string, createCommand: string, { unique = false } = {}) {
  const allClients: AwsClients[] = [];
  const made: string[] = [];
  let arrived = 0;
  let answered = 0;
  let firstAnswered: Promise<unknown> | undefined;
  let release!: () => void;
  let releaseAnswers!: () => void;
  const bothArrived = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Both creates have answered before either run looks again, as when both land within AWS's
  // eventual-consistency window.
  const bothAnswered = new Promise<void>((resolve) => {
    releaseAnswers = resolve;
  });
  const contexts = [0, 1].map((): AwsContext => {
    const clients = new AwsClients({ region: REGION, endpoint: url, maxAttempts: 2 });
    allClients.push(clients);
    clients
      .withoutRetries()
      .ec2(REGION)
      .middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== createCommand) return next(args);
          const order = ++arrived;
          if (order === 2) release();
          await bothArrived;
          if (unique && order === 2) await firstAnswered;
          const attempt = next(args);
          if (order === 1) firstAnswered = attempt.catch(() => undefined);
          // A refused create (a duplicate name or CIDR) has answered too.
          await attempt.then(
            () => undefined,
            () => undefined,
          );
          if (++answered === 2) releaseAnswers();
          await bothAnswered;
          const result = await attempt;
          const output = result.output as unknown as Record<
            string,
            Record<string, string> | string | undefined
          >;
          const id =
            [output.Vpc, output.Subnet, output.InternetGateway, output.RouteTable]
              .map((value) =>
                typeof value === 'object'
                  ? (value.RouteTableId ?? value.SubnetId ?? value.InternetGatewayId ?? value.VpcId)
                  : undefined,
              )
              .find(Boolean) ?? (output.GroupId as string | undefined);
          if (id) made.push(id);
          return result;
        },
        { step: 'initialize', name: 'holdUntilBothCreate' },
      );
    return { clients, region: REGION };
  });
  const close = () => {
    for (const clients of allClients) clients.destroy();
  };
  return { contexts, made, close };
}

describe('two runs racing past the local lock', () => {
  const moto = useMoto();
  let close: (() => void) | undefined;
  afterEach(() => {
    close?.();
    close = undefined;
  });
  const ec2 = () => moto.clients(REGION).ec2(REGION);
  const setup = (createCommand: string, options: { unique?: boolean } = {}) => {
    const race = racingRuns(moto.url, createCommand, options);
    close = race.close;
    return race;
  };
  const clusterVpc = async () =>
    (await ensureVpc({ clients: moto.clients(REGION), region: REGION }, CLUSTER)).value.VpcId!;

  it('keep one VPC: both end on the lowest id, and the other is deleted', async () => {
    const { contexts, made } = setup('CreateVpcCommand');
    const results = await Promise.all(contexts.map((ctx) => ensureVpc(ctx, CLUSTER)));
    expect(made).toHaveLength(2);
    const { Vpcs = [] } = await ec2().send(new DescribeVpcsCommand({ Filters: clusterFilters(CLUSTER) }));
    expect(Vpcs.map((vpc) => vpc.VpcId)).toEqual([[...made].sort()[0]]);
    expect(results.map((result) => result.value.VpcId)).toEqual([Vpcs[0]!.VpcId, Vpcs[0]!.VpcId]);
  });

  it('keep one internet gateway: both end on the same one, attached, and the other is deleted', async () => {
    const vpcId = await clusterVpc();
    const { contexts, made } = setup('CreateInternetGatewayCommand');
    const results = await Promise.all(
      contexts.map((ctx) => ensureInternetGateway(ctx, { cluster: CLUSTER, vpcId, sharedVpc: false })),
    );
    expect(made).toHaveLength(2);
    const { InternetGateways = [] } = await ec2().send(
      new DescribeInternetGatewaysCommand({ Filters: clusterFilters(CLUSTER) }),
    );
    expect(InternetGateways.map((gateway) => gateway.InternetGatewayId)).toEqual([[...made].sort()[0]]);
    expect(InternetGateways[0]!.Attachments?.map((attachment) => attachment.VpcId)).toEqual([vpcId]);
    expect(results.map((result) => result.value.InternetGatewayId)).toEqual([
      InternetGateways[0]!.InternetGatewayId,
      InternetGateways[0]!.InternetGatewayId,
    ]);
  });

  it('keep one route table: both end on the lowest id, and the other is deleted', async () => {
    const vpcId = await clusterVpc();
    const { contexts, made } = setup('CreateRouteTableCommand');
    const results = await Promise.all(
      // Each run has its own ClientToken: AWS makes two tables.
      contexts.map((ctx, run) =>
        ensureRouteTable(ctx, { cluster: CLUSTER, vpcId, clientToken: `run-${run}` }),
      ),
    );
    expect(made).toHaveLength(2);
    const { RouteTables = [] } = await ec2().send(
      new DescribeRouteTablesCommand({ Filters: clusterFilters(CLUSTER) }),
    );
    expect(RouteTables.map((table) => table.RouteTableId)).toEqual([[...made].sort()[0]]);
    expect(results.map((result) => result.value.RouteTableId)).toEqual([
      RouteTables[0]!.RouteTableId,
      RouteTables[0]!.RouteTableId,
    ]);
  });

  it.each([
    ['a VPC found', false],
    ['a VPC each run made just now (no look first)', true],
  ])(
    'keep one subnet in %s: AWS refuses the second CIDR, and that run takes the first',
    async (_, vpcMadeNow) => {
      const vpcId = await clusterVpc();
      const { contexts } = setup('CreateSubnetCommand', { unique: true });
      const input = { cluster: CLUSTER, vpcId, zone: `${REGION}a`, cidr: '172.20.0.0/24', vpcMadeNow };
      const results = await Promise.all(contexts.map((ctx) => ensureSubnet(ctx, input)));
      const { Subnets = [] } = await ec2().send(
        new DescribeSubnetsCommand({ Filters: clusterFilters(CLUSTER) }),
      );
      expect(Subnets).toHaveLength(1);
      expect(results.map((result) => result.value.SubnetId)).toEqual([
        Subnets[0]!.SubnetId,
        Subnets[0]!.SubnetId,
      ]);
    },
  );

  it.each([
    ['a VPC found', false],
    ['a VPC each run made just now (no look first)', true],
  ])(
    'keep one security group in %s: AWS refuses the second name in the VPC, and that run takes the first',
    async (_, vpcMadeNow) => {
      const vpcId = await clusterVpc();
      const { contexts } = setup('CreateSecurityGroupCommand', { unique: true });
      const input = {
        cluster: CLUSTER,
        vpcId,
        groupName: `kubernetes-master-${CLUSTER}`,
        description: 'race',
        vpcMadeNow,
      };
      const results = await Promise.all(contexts.map((ctx) => ensureSecurityGroup(ctx, input)));
      const { SecurityGroups = [] } = await ec2().send(
        new DescribeSecurityGroupsCommand({ Filters: clusterFilters(CLUSTER) }),
      );
      expect(SecurityGroups).toHaveLength(1);
      expect(results.map((result) => result.value.GroupId)).toEqual([
        SecurityGroups[0]!.GroupId,
        SecurityGroups[0]!.GroupId,
      ]);
    },
  );
});

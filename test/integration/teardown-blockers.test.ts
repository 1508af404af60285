// A teardown names what blocks it, and whose it is. Each blocker is built with the SDK in moto;
// moto deletes a subnet, group or VPC whatever uses it (DESIGN.md section 9), so the refusal AWS
// would give is injected by the fault proxy, and kube-tui's answer to it is what is tested: the
// cluster's own blockers are waited for, anything else stops that branch at once, with the reason,
// and everything else is still removed.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteNetworkInterfaceCommand,
  DescribeSecurityGroupsCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { makeServiceLoadBalancers } from '../support/service-load-balancers.js';

const dependencyViolation = (what: string) => ({
  status: 400,
  code: 'DependencyViolation',
  message: `resource ${what} has a dependent object`,
});

interface Remaining {
  type: string;
  id: string;
  reason: string;
  blockers?: { type: string; id: string; ours: boolean; vpcId?: string; owner?: string }[];
}

describe('a teardown that names what blocks it', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  const cluster = async () => {
    const { result } = await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const find = (type: string, name?: string) =>
      result.resources.find((resource) => resource.type === type && (!name || resource.name === name))!.id;
    return {
      vpcId: find('vpc'),
      subnetId: find('subnet'),
      masterGroupId: find('security-group', 'kubernetes-master-kubernetes'),
    };
  };
  const foreignVpc = async () =>
    (
      await moto
        .clients()
        .ec2()
        .send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))
    ).Vpc!.VpcId!;

  /**
   * A group in another VPC whose ingress rule (443, or all traffic) references `groupId`, beside a
   * CIDR rule of its own.
   */
  const groupReferencing = async (groupId: string, name: string, tags: Record<string, string> = {}) => {
    const ec2 = moto.clients().ec2();
    const vpcId = await foreignVpc();
    const tagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: name,
        Description: 'not the cluster',
        VpcId: vpcId,
        ...(tagList.length > 0
          ? { TagSpecifications: [{ ResourceType: 'security-group', Tags: tagList }] }
          : {}),
      }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: groupId }] },
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
      }),
    );
    return { groupId: GroupId!, vpcId };
  };
  /** AWS's refusal to delete one group, as it would answer while another references it. */
  const refuseDeletingGroup = (groupId: string) => ({
    service: 'ec2',
    action: 'DeleteSecurityGroup',
    match: (request: { params?: URLSearchParams }) => request.params?.get('GroupId') === groupId,
    error: dependencyViolation(groupId),
  });

  /** `down --json` through the proxy, with a long bound: a foreign blocker must not wait for it. */
  const down = async (extra: string[] = []) => {
    const run = await runCli(
      ['down', '--cluster', 'kubernetes', '--endpoint', proxy!.url, '--yes', '--json', ...extra],
      { env: { KUBE_TUI_RETRY_SCALE: '0.01' } },
    );
    const document = JSON.parse(run.stdout) as { remaining: Remaining[] };
    return { ...run, remaining: document.remaining };
  };
  const dryRun = async () => {
    const run = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    return run.stdout;
  };

  it("another's network interface in the subnet: the plan names it, the subnet is tried once, the VPC is not tried, the rest goes", async () => {
    const { subnetId } = await cluster();
    const { NetworkInterface } = await moto
      .clients()
      .ec2()
      .send(
        new CreateNetworkInterfaceCommand({
          SubnetId: subnetId,
          Description: 'EFS mount target for fs-0123',
        }),
      );
    const eni = NetworkInterface!.NetworkInterfaceId!;

    expect(await dryRun()).toContain(
      `↳ blocked: ${eni} (EFS mount target for fs-0123, not this cluster's) is in ${subnetId} — delete it, then run the teardown again`,
    );

    proxy = await startFaultProxy({
      target: moto.url,
      rules: [{ service: 'ec2', action: 'DeleteSubnet', error: dependencyViolation(subnetId) }],
    });
    const run = await down(['--timeout', '30']);
    expect(run.code).toBe(1);
    // Not retried until the 30-minute bound: one refusal, and the branch stops.
    expect(proxy.counts()['ec2:DeleteSubnet']).toBe(1);
    const subnet = run.remaining.find((entry) => entry.type === 'subnet')!;
    expect(subnet.reason).toBe(
      `blocked: ${eni} (EFS mount target for fs-0123, not this cluster's) is in ${subnetId} — delete it, then run the teardown again`,
    );
    expect(subnet.blockers).toEqual([
      expect.objectContaining({ type: 'network-interface', id: eni, ours: false }),
    ]);
    expect(run.remaining.find((entry) => entry.type === 'vpc')!.reason).toMatch(
      new RegExp(`^not tried: subnet ${subnetId}`),
    );
    // Everything that does not need the subnet gone first went.
    expect(run.remaining.map((entry) => entry.type).sort()).toEqual(['route-table', 'subnet', 'vpc']);
    expect(run.stderr).toContain(`✖ failed: blocked: ${eni}`);
  });

  it("a group of another VPC whose rule references the cluster's group: named with its VPC, and --force-revoke offered", async () => {
    const { masterGroupId } = await cluster();
    const foreign = await groupReferencing(masterGroupId, 'peer-app');
    const line = `blocked: ${masterGroupId} is referenced by ${foreign.groupId} of VPC ${foreign.vpcId} (not this cluster's) — remove that rule or use --force-revoke`;
    expect(await dryRun()).toContain(`↳ ${line}`);

    proxy = await startFaultProxy({ target: moto.url, rules: [refuseDeletingGroup(masterGroupId)] });
    const run = await down();
    expect(run.code).toBe(1);
    const group = run.remaining.find((entry) => entry.id === masterGroupId)!;
    expect(group.reason).toBe(line);
    expect(group.blockers).toEqual([
      expect.objectContaining({
        type: 'security-group',
        id: foreign.groupId,
        ours: false,
        vpcId: foreign.vpcId,
      }),
    ]);
    expect(run.remaining.map((entry) => entry.type).sort()).toEqual(['security-group', 'vpc']);
  });

  it('--force-revoke revokes only that rule of the other group, first, and the group itself stays', async () => {
    const { masterGroupId } = await cluster();
    const foreign = await groupReferencing(masterGroupId, 'peer-app');
    const plan = await runCli([
      'down',
      '--cluster',
      'kubernetes',
      '--endpoint',
      moto.url,
      '--dry-run',
      '--force-revoke',
    ]);
    expect(plan.stdout).toContain(
      `↳ force-revoke: the rule of ${foreign.groupId} of VPC ${foreign.vpcId} (not this cluster's) that references ${masterGroupId} is revoked first`,
    );

    proxy = await startFaultProxy({ target: moto.url });
    const run = await down(['--force-revoke']);
    expect(run.code, run.stderr).toBe(0);
    const records = proxy.records();
    const revoke = records.find(
      (record) =>
        record.key === 'ec2:RevokeSecurityGroupIngress' && record.params?.get('GroupId') === foreign.groupId,
    );
    const deleteMaster = records.find(
      (record) => record.key === 'ec2:DeleteSecurityGroup' && record.params?.get('GroupId') === masterGroupId,
    );
    expect(revoke!.seq).toBeLessThan(deleteMaster!.seq);
    const { SecurityGroups = [] } = await moto
      .clients()
      .ec2()
      .send(new DescribeSecurityGroupsCommand({ GroupIds: [foreign.groupId] }));
    expect(SecurityGroups[0]!.IpPermissions).toEqual([
      expect.objectContaining({
        FromPort: 22,
        IpRanges: [expect.objectContaining({ CidrIp: '10.0.0.0/8' })],
      }),
    ]);
  });

  it('--force-revoke leaves a protected group as it is: the group is still blocked', async () => {
    const { masterGroupId } = await cluster();
    const guarded = await groupReferencing(masterGroupId, 'guarded', { 'kube-tui/protect': 'true' });
    proxy = await startFaultProxy({ target: moto.url, rules: [refuseDeletingGroup(masterGroupId)] });
    const run = await down(['--force-revoke']);
    expect(run.code).toBe(1);
    expect(proxy.records().some((record) => record.params?.get('GroupId') === guarded.groupId)).toBe(false);
    expect(run.remaining.find((entry) => entry.id === masterGroupId)!.reason).toMatch(
      new RegExp(`^blocked: ${masterGroupId} is referenced by ${guarded.groupId}`),
    );
  });

  it('a peering connection to another VPC: the VPC is blocked, named with the other side', async () => {
    const { vpcId } = await cluster();
    const otherVpc = await foreignVpc();
    const { VpcPeeringConnection } = await moto
      .clients()
      .ec2()
      .send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: otherVpc }));
    const peering = VpcPeeringConnection!.VpcPeeringConnectionId!;
    const line = `blocked: ${vpcId} has VPC peering connection ${peering} to ${otherVpc} (not this cluster's) — delete it, then run the teardown again`;
    expect(await dryRun()).toContain(`↳ ${line}`);

    proxy = await startFaultProxy({
      target: moto.url,
      rules: [{ service: 'ec2', action: 'DeleteVpc', error: dependencyViolation(vpcId) }],
    });
    const run = await down();
    expect(run.code).toBe(1);
    expect(proxy.counts()['ec2:DeleteVpc']).toBe(1);
    expect(run.remaining).toEqual([
      expect.objectContaining({
        type: 'vpc',
        reason: line,
        blockers: [expect.objectContaining({ type: 'vpc-peering-connection', id: peering, vpcId: otherVpc })],
      }),
    ]);
  });

  it("another's instance in the subnet: named with its state", async () => {
    const { subnetId } = await cluster();
    const { Instances = [] } = await moto
      .clients()
      .ec2()
      .send(
        new RunInstancesCommand({
          ImageId: 'ami-12c6146b',
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
        }),
      );
    const instance = Instances[0]!.InstanceId!;
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [{ service: 'ec2', action: 'DeleteSubnet', error: dependencyViolation(subnetId) }],
    });
    const run = await down();
    expect(run.code).toBe(1);
    expect(run.remaining.find((entry) => entry.type === 'subnet')!.reason).toBe(
      `blocked: instance ${instance} (running, not this cluster's) is in ${subnetId} — terminate it or move it out, then run the teardown again`,
    );
  });

  it("the network interface of the cluster's own load balancer is waited for, then the subnet goes", async () => {
    const { vpcId, subnetId } = await cluster();
    await makeServiceLoadBalancers(moto.clients(), 'kubernetes', vpcId, subnetId);
    // AWS keeps a deleted ELB's interface for a while; moto makes none, so it is built here.
    const { NetworkInterface } = await moto
      .clients()
      .ec2()
      .send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'ELB a1b2c3' }));
    const eni = NetworkInterface!.NetworkInterfaceId!;
    // The plan has nothing to say about the cluster's own.
    expect(await dryRun()).not.toContain('blocked:');

    proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        {
          service: 'ec2',
          action: 'DeleteSubnet',
          times: 1,
          error: dependencyViolation(subnetId),
          // AWS lets the subnet go once the balancer's interface is released.
        },
      ],
    });
    const origin = moto.clients().ec2();
    const run = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', proxy.url, '--yes'], {
      env: { KUBE_TUI_RETRY_SCALE: '0.01' },
    });
    await origin.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni })).catch(() => {});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `delete subnet ${subnetId} \\(kubernetes-subnet\\): waiting: ${eni} \\(ELB a1b2c3 of this cluster, deleting\\); retrying in \\d+ s \\(attempt 2\\)`,
      ),
    );
    expect(proxy.counts()['ec2:DeleteSubnet']).toBe(2);
  });
});

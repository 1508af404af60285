// moto does not refuse a security group still used by instances or referenced by another group, a
// subnet with instances, or a VPC with an attached gateway (DESIGN.md section 9): AWS does. So the
// order is checked on the wire, from the fault proxy's record of every request, rather than trusted
// to moto.
import { DescribeLoadBalancersCommand as DescribeClassicCommand } from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { type FaultProxy, type ProxyRecord, startFaultProxy } from '../support/fault-proxy.js';
import { makeServiceLoadBalancers } from '../support/service-load-balancers.js';
import { snapshotAccount } from '../support/snapshot.js';

/** Arrival numbers of the requests of one action (e.g. `ec2:DeleteSubnet`). */
const seqs = (records: readonly ProxyRecord[], key: string) =>
  records.filter((record) => record.key === key && !record.fault).map((record) => record.seq);
const first = (records: readonly ProxyRecord[], key: string) => Math.min(...seqs(records, key));
const last = (records: readonly ProxyRecord[], key: string) => Math.max(...seqs(records, key));

describe('teardown order on the wire', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it("follows AWS's order although moto does not enforce it: load balancers, instances terminated, groups, subnets, gateway, VPC", async () => {
    const before = await snapshotAccount(moto.clients());
    const { result } = await provisionCluster(moto.url, testConfig());
    const id = (type: string) => result.resources.find((resource) => resource.type === type)!.id;
    const nodeGroupId = result.resources.find(
      (resource) => resource.name === 'kubernetes-minion-kubernetes',
    )!.id;
    await makeServiceLoadBalancers(moto.clients(), 'kubernetes', id('vpc'), id('subnet'), nodeGroupId);

    proxy = await startFaultProxy({ target: moto.url });
    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', proxy.url, '--yes']);
    expect(down.code, down.stderr).toBe(0);
    const records = proxy.records();

    // The cloud controller's load balancers go first, before the nodes and the master.
    const terminate = 'ec2:TerminateInstances';
    expect(last(records, 'elasticloadbalancing:DeleteLoadBalancer')).toBeLessThan(first(records, terminate));
    expect(last(records, 'elasticloadbalancing:DeleteLoadBalancer')).toBeLessThan(
      first(records, 'autoscaling:DeleteAutoScalingGroup'),
    );
    // Nodes are terminated only after their group is force-deleted (else it replaces them).
    expect(first(records, 'autoscaling:DeleteAutoScalingGroup')).toBeLessThan(last(records, terminate));
    // No group is deleted before every instance is terminated (the waiter's DescribeInstances
    // answered "terminated"), and each group's cross-group rules are revoked first.
    const waited = seqs(records, 'ec2:DescribeInstances').filter((seq) => seq > last(records, terminate));
    expect(waited.length).toBeGreaterThan(0);
    expect(Math.min(...waited)).toBeLessThan(first(records, 'ec2:DeleteSecurityGroup'));
    expect(last(records, 'ec2:RevokeSecurityGroupIngress')).toBeLessThan(
      first(records, 'ec2:DeleteSecurityGroup'),
    );
    expect(seqs(records, 'ec2:DeleteSecurityGroup')).toHaveLength(3);
    // Subnets after the instances; the gateway detached after the addresses are released.
    expect(last(records, terminate)).toBeLessThan(first(records, 'ec2:DeleteSubnet'));
    expect(last(records, 'ec2:ReleaseAddress')).toBeLessThan(first(records, 'ec2:DetachInternetGateway'));
    expect(first(records, 'ec2:DetachInternetGateway')).toBeLessThan(
      first(records, 'ec2:DeleteInternetGateway'),
    );
    // The VPC last of the network.
    const deleteVpc = first(records, 'ec2:DeleteVpc');
    for (const key of [
      'ec2:DeleteSubnet',
      'ec2:DeleteRouteTable',
      'ec2:DeleteInternetGateway',
      'ec2:DeleteSecurityGroup',
      'ec2:DetachInternetGateway',
    ]) {
      expect(last(records, key), key).toBeLessThan(deleteVpc);
    }
    // IAM: the roles leave their profiles before either is deleted.
    expect(last(records, 'iam:RemoveRoleFromInstanceProfile')).toBeLessThan(first(records, 'iam:DeleteRole'));

    // The checklist agrees: every instance is done before any group starts.
    const lines = down.stdout.split('\n');
    const lastInstanceDone = Math.max(
      ...lines.flatMap((line, index) => (/delete instance .*✔ done/.test(line) ? [index] : [])),
    );
    const firstGroupLine = lines.findIndex((line) => /delete security-group /.test(line));
    expect(lastInstanceDone).toBeLessThan(firstGroupLine);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
    // The load balancers, the NLB's target group and the ELB's security group are gone too.
    const { LoadBalancerDescriptions = [] } = await moto.clients().elb().send(new DescribeClassicCommand({}));
    const { LoadBalancers = [] } = await moto.clients().elbv2().send(new DescribeLoadBalancersCommand({}));
    const { TargetGroups = [] } = await moto.clients().elbv2().send(new DescribeTargetGroupsCommand({}));
    expect([...LoadBalancerDescriptions, ...LoadBalancers, ...TargetGroups]).toEqual([]);
  });

  it('a DependencyViolation on DeleteSubnet (twice) and an AuthFailure on ReleaseAddress are retried later; the teardown still ends clean', async () => {
    const before = await snapshotAccount(moto.clients());
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        {
          service: 'ec2',
          action: 'DeleteSubnet',
          times: 2,
          error: {
            status: 400,
            code: 'DependencyViolation',
            message: "The subnet 'subnet-0' has dependencies and cannot be deleted.",
          },
        },
        // AWS answers so for a moment while it unmaps the address from a terminated instance.
        {
          service: 'ec2',
          action: 'ReleaseAddress',
          times: 1,
          error: { status: 401, code: 'AuthFailure', message: 'The address is not yet available.' },
        },
      ],
    });
    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', proxy.url, '--yes'], {
      env: { KUBE_TUI_RETRY_SCALE: '0.01' },
    });
    expect(down.code, down.stderr).toBe(0);
    expect(proxy.counts()['ec2:DeleteSubnet']).toBe(3);
    expect(proxy.faultCounts()['ec2:DeleteSubnet']).toBe(2);
    expect(down.stdout).toMatch(
      /delete subnet subnet-[0-9a-f]+ \(kubernetes-subnet\): still in use \(DependencyViolation\); retrying in \d+ s \(attempt 2\)/,
    );
    expect(down.stdout).toMatch(/\(attempt 3\)/);
    expect(proxy.counts()['ec2:ReleaseAddress']).toBe(2);
    expect(down.stdout).toMatch(/release elastic-ip .*: still in use \(InvalidIPAddress.InUse\); retrying/);
    // The VPC waited for the subnet.
    const records = proxy.records();
    expect(last(records, 'ec2:DeleteSubnet')).toBeLessThan(first(records, 'ec2:DeleteVpc'));
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  });

  it('a dependency that never clears is given up at the timeout: exit 1, what remains and why', async () => {
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        {
          service: 'ec2',
          action: 'DeleteSubnet',
          error: { status: 400, code: 'DependencyViolation', message: 'The subnet has dependencies.' },
        },
      ],
    });
    // Half a minute: the rest must go within it on a loaded machine too, while the subnet is tried
    // again and again.
    const down = await runCli(
      ['down', '--cluster', 'kubernetes', '--endpoint', proxy.url, '--yes', '--json', '--timeout', '0.5'],
      { env: { KUBE_TUI_RETRY_SCALE: '0.05' } },
    );
    expect(down.code).toBe(1);
    const { remaining } = JSON.parse(down.stdout);
    const reasons = Object.fromEntries(
      remaining.map((entry: { type: string; reason: string }) => [entry.type, entry.reason]),
    );
    expect(reasons.subnet).toMatch(/gave up after the 30 s timeout: DependencyViolation/);
    expect(reasons['route-table']).toMatch(/not tried: subnet subnet-[0-9a-f]+ could not be removed first/);
    expect(reasons.vpc).toMatch(/not tried/);
    // Everything that did not depend on the subnet went.
    expect(remaining.map((entry: { type: string }) => entry.type).sort()).toEqual([
      'route-table',
      'subnet',
      'vpc',
    ]);
  });
});

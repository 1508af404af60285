import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { countsOf, snapshotAccount } from '../support/snapshot.js';

// Every create kube-tui sends, with the service that receives it.
const CREATES: [string, string][] = [
  ['ec2', 'CreateVpc'],
  ['ec2', 'CreateSubnet'],
  ['ec2', 'CreateInternetGateway'],
  ['ec2', 'CreateRouteTable'],
  ['ec2', 'CreateSecurityGroup'],
  ['ec2', 'AllocateAddress'],
  ['ec2', 'CreateVolume'],
  ['ec2', 'RunInstances'],
  ['ec2', 'CreateLaunchTemplate'],
  ['ec2', 'ImportKeyPair'],
  ['autoscaling', 'CreateAutoScalingGroup'],
  ['iam', 'CreateRole'],
  ['iam', 'CreateInstanceProfile'],
  ['s3', 'CreateBucket'],
];

describe('a create whose answer was lost', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('is never made twice: every create reaches AWS, its answer is dropped once, and the run still ends with one of each', async () => {
    await provisionCluster(moto.url, testConfig());
    const expected = countsOf(await snapshotAccount(moto.clients()));
    await moto.reset();

    proxy = await startFaultProxy({
      target: moto.url,
      rules: CREATES.map(([service, action]) => ({ service, action, error: 'dropAfter' as const, times: 1 })),
    });
    await provisionCluster(proxy.url, testConfig());
    const faulted = proxy.faultCounts();
    for (const [service, action] of CREATES)
      expect(faulted[`${service}:${action}`], `${service}:${action}`).toBe(1);
    expect(countsOf(await snapshotAccount(moto.clients()))).toEqual(expected);
  });
});

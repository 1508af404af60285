// Permissions are checked before the first write. moto 5.2.1 has no iam:SimulatePrincipalPolicy
// (it answers an HTML 500) and names the caller `arn:aws:sts::…:user/moto`, so the fault proxy
// answers both calls as AWS would, for an IAM user some of whose actions are denied; everything
// else goes to moto.
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { type FaultProxy, type ProxiedRequest, startFaultProxy } from '../support/fault-proxy.js';
import { snapshotAccount } from '../support/snapshot.js';

const USER = 'arn:aws:iam::123456789012:user/builder';
const xml = (body: string) => ({ status: 200, headers: { 'content-type': 'text/xml' }, body });

/** STS as AWS answers an IAM user. */
const callerIsUser = {
  service: 'sts',
  action: 'GetCallerIdentity',
  answer: () =>
    xml(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${USER}</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    ),
};

/** IAM's simulation: every action asked for is allowed but `denied`. */
const simulation = (denied: string[]) => ({
  service: 'iam',
  action: 'SimulatePrincipalPolicy',
  answer: (request: ProxiedRequest) => {
    const asked = [...(request.params?.entries() ?? [])]
      .filter(([key]) => key.startsWith('ActionNames.member.'))
      .map(([, value]) => value);
    const members = asked
      .map(
        (action) =>
          `<member><EvalActionName>${action}</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>${denied.includes(action) ? 'implicitDeny' : 'allowed'}</EvalDecision></member>`,
      )
      .join('');
    return xml(
      `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>${members}</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`,
    );
  },
});

const WRITES =
  /^(Create|Run|Put|Allocate|Import|Attach|Associate|Authorize|Modify|Delete|Terminate|Release|Detach|Revoke)/;
const cidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];

describe('permissions checked before anything is made or deleted', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('up stops with exit 3 and lists what is missing, including what down would need, before any write', async () => {
    const before = await snapshotAccount(moto.clients());
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [callerIsUser, simulation(['ec2:DeleteVpc', 'iam:DeleteRole'])],
    });
    const up = await runCli(['up', '--yes', '--endpoint', proxy.url, ...cidrs]);
    expect(up.code, up.stderr).toBe(3);
    expect(up.stderr).toContain(
      `Nothing was changed: ${USER} lacks 2 actions that up needs: ec2:DeleteVpc, iam:DeleteRole. kube-tui policy --for up prints the policy to grant.`,
    );
    expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  });

  it('down stops with exit 3 before deleting anything when a delete action is denied', async () => {
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const before = await snapshotAccount(moto.clients());
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [callerIsUser, simulation(['ec2:TerminateInstances'])],
    });
    const down = await runCli(['down', '--cluster', 'kubernetes', '--yes', '--endpoint', proxy.url]);
    expect(down.code, down.stderr).toBe(3);
    expect(down.stderr).toContain(`${USER} lacks 1 action that down needs: ec2:TerminateInstances`);
    expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  });

  it('a caller who may not simulate is told so in one line, and up goes on', async () => {
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        callerIsUser,
        {
          service: 'iam',
          action: 'SimulatePrincipalPolicy',
          error: {
            status: 403,
            code: 'AccessDenied',
            message: 'not authorized to perform: iam:SimulatePrincipalPolicy',
          },
        },
      ],
    });
    const up = await runCli(['up', '--yes', '--nodes', '1', '--endpoint', proxy.url, ...cidrs]);
    expect(up.code, up.stderr).toBe(0);
    const notes = up.stdout.split('\n').filter((line) => line.includes('permissions not checked first'));
    expect(notes).toEqual([
      'note: permissions not checked first: these credentials may not call iam:SimulatePrincipalPolicy',
    ]);
  });

  it('on the emulator, whose caller cannot be simulated, one line says so', async () => {
    const up = await runCli(['up', '--yes', '--nodes', '1', '--endpoint', moto.url, ...cidrs]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(
      'note: permissions not checked first: arn:aws:sts::123456789012:user/moto cannot be simulated',
    );
  });
});

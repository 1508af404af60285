import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { exitStatusOf, startApp } from '../support/app-terminal.js';
import { useMoto } from '../support/aws.js';
import { cliPath, runCli } from '../support/cli.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { snapshotAccount } from '../support/snapshot.js';
import { startInTerminal, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

describe('kube-tui down in a real terminal', () => {
  const moto = useMoto();

  it(
    'shows the plan, takes the typed cluster name, runs the checklist to a clean re-scan, exits 0',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'kube-tui-down-e2e-'));
      const env = {
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      const before = await snapshotAccount(moto.clients());
      const up = await runCli(
        [
          'up',
          '--endpoint',
          moto.url,
          '--yes',
          '--ssh-cidr',
          '203.0.113.7/32',
          '--api-cidr',
          '203.0.113.7/32',
        ],
        // Generous: on a loaded machine creating the cluster against the emulator takes minutes.
        { env, timeoutMs: 300_000 },
      );
      expect(up.code, up.stderr).toBe(0);

      const terminal = startInTerminal(
        [process.execPath, cliPath, 'down', '--cluster', 'kubernetes', '--endpoint', moto.url],
        {
          env,
          columns: 100,
          rows: 30,
        },
      );
      try {
        const plan = await terminal.waitFor('Type kubernetes to confirm', 180_000);
        expect(plan).toContain('tear down cluster kubernetes in us-west-2');
        expect(plan).toMatch(/1 +delete +auto-scaling-group +kubernetes-minion-group/);
        expect(plan).toContain('↓'); // the plan scrolls inside the terminal
        expect(plan.trimEnd().split('\n').length).toBeLessThanOrEqual(30);
        // A wrong name refuses.
        terminal.press({ text: 'kubernetez' }, 'Enter');
        await terminal.waitFor('"kubernetez" is not kubernetes: nothing was deleted.');
        terminal.press('BSpace', { text: 's' }, 'Enter');
        const done = await terminal.waitFor(/Cluster kubernetes is gone|remain/, 180_000);
        expect(done).toContain('✔ Cluster kubernetes is gone: a fresh scan of us-west-2 found nothing of it');
        expect(done).toContain('✔ delete vpc');
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
      expect(await snapshotAccount(moto.clients())).toEqual(before);
      expect(readFileSync(join(home, '.kube', 'config'), 'utf8')).not.toContain('aws_kubernetes');
      expect(
        existsSync(join(home, '.config', 'kube-tui', 'clusters', 'us-west-2', 'kubernetes', 'secrets')),
      ).toBe(false);
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    "at 80x24, the plan names another's network interface that blocks the subnet and the VPC; Esc leaves with nothing deleted",
    async () => {
      const { result } = await provisionCluster(moto.url, testConfig({ nodes: 1 }));
      const subnetId = result.resources.find((resource) => resource.type === 'subnet')!.id;
      const { NetworkInterface } = await moto
        .clients()
        .ec2()
        .send(
          new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'EFS mount target for fs-1' }),
        );
      const eni = NetworkInterface!.NetworkInterfaceId!;
      const before = await snapshotAccount(moto.clients());
      const terminal = startApp(['down', '--cluster', 'kubernetes'], moto.url, { columns: 80, rows: 24 });
      try {
        await terminal.waitFor('Type kubernetes to confirm', 180_000);
        // The plan scrolls: the subnet is near its end. One burst of ↓ keys.
        terminal.press(...Array.from({ length: 25 }, () => 'Down'));
        const plan = await terminal.waitFor(`↳ blocked: ${eni}`);
        // The VPC, too, cannot go while the interface is in it.
        expect(plan).toMatch(
          new RegExp(`delete +vpc +vpc-\\w+ \\(kubernetes-vpc\\)\\n +↳ blocked: ${eni} \\(EFS`),
        );
        expect(plan.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        terminal.press('Escape');
        expect(await exitStatusOf(terminal)).not.toBe(0);
      } finally {
        terminal.kill();
      }
      expect(await snapshotAccount(moto.clients())).toEqual(before);
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    "at 80x24, ctrl+r plans again revoking another VPC's rule that references the cluster's group; the run removes the cluster and only that rule",
    async () => {
      const { result } = await provisionCluster(moto.url, testConfig({ nodes: 1 }));
      const masterGroupId = result.resources.find(
        (resource) => resource.type === 'security-group' && resource.name?.includes('master'),
      )!.id;
      const ec2 = moto.clients().ec2();
      const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
      const { GroupId: foreignGroupId } = await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: 'peer-app',
          Description: 'not the cluster',
          VpcId: vpcId,
        }),
      );
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: foreignGroupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: masterGroupId }] },
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
          ],
        }),
      );
      const terminal = startApp(['down', '--cluster', 'kubernetes'], moto.url, { columns: 80, rows: 24 });
      try {
        await terminal.waitFor('Type kubernetes to confirm', 180_000);
        await terminal.waitFor('ctrl+r revoke foreign rules');
        terminal.press('C-r');
        await terminal.waitFor('ctrl+r keep foreign rules', 180_000);
        // Down, one key at a time, until the master group's step and its line are in view.
        const revokeLine = `↳ force-revoke: the rule of ${foreignGroupId}`;
        for (let step = 0; step < 25 && !terminal.screen().includes(revokeLine); step++) {
          const shown = terminal.screen();
          terminal.press('Down');
          await terminal.waitFor((screen) => screen !== shown || screen.includes(revokeLine));
        }
        expect(terminal.screen()).toContain(revokeLine);
        terminal.press({ text: 'kubernetes' }, 'Enter');
        const done = await terminal.waitFor(/Cluster kubernetes is gone|remain/, 180_000);
        expect(done).toContain('✔ Cluster kubernetes is gone');
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
      const { SecurityGroups = [] } = await ec2.send(
        new DescribeSecurityGroupsCommand({ GroupIds: [foreignGroupId!] }),
      );
      const rules = SecurityGroups[0]!.IpPermissions ?? [];
      expect(rules.flatMap((rule) => rule.UserIdGroupPairs ?? [])).toEqual([]);
      expect(rules.flatMap((rule) => rule.IpRanges ?? []).map((range) => range.CidrIp)).toEqual([
        '10.0.0.0/8',
      ]);
    },
    TERMINAL_TEST_TIMEOUT,
  );
});

import { describe, expect, it } from 'vitest';
import { buildTeardownPlan, type IamUse, withDataVolumes } from '../../src/aws/teardown-plan.js';
import type {
  Inventory,
  InventoryCluster,
  InventoryResource,
  Orphan,
  Usage,
} from '../../src/model/inventory.js';
import type { TeardownPlan, TeardownStep } from '../../src/model/teardown.js';

const REGION = 'us-west-2';
const KUBE_UP_KEY = 'kubernetes-0123456789abcdef0123456789abcdef';

const OWNED = { KubernetesCluster: 'kubernetes', 'kubernetes.io/cluster/kubernetes': 'owned' };

function resource(
  type: InventoryResource['type'],
  id: string,
  extra: Partial<InventoryResource> = {},
): InventoryResource {
  return {
    type,
    id,
    name: id,
    region: type.startsWith('iam-') ? 'global' : REGION,
    tags: OWNED,
    refs: {},
    ownership: 'owned',
    ...extra,
  };
}

const asUse = (type: Usage['type'], id: string, cluster = 'kubernetes', region = REGION): Usage => ({
  type,
  id,
  region,
  cluster: { name: cluster, region: REGION },
});

/** A kube-tui cluster as discovery lists it. */
function kubeTuiCluster(): InventoryCluster {
  const vpc = 'vpc-1';
  return {
    name: 'kubernetes',
    region: REGION,
    resources: [
      resource('vpc', vpc, { name: 'kubernetes-vpc' }),
      resource('subnet', 'subnet-1', { refs: { vpcId: vpc } }),
      resource('internet-gateway', 'igw-1', { refs: { vpcId: vpc, attachments: [{ id: vpc }] } }),
      resource('route-table', 'rtb-1', {
        refs: {
          vpcId: vpc,
          subnetIds: ['subnet-1'],
          routeTableAssociations: [{ id: 'rtbassoc-1', subnetId: 'subnet-1', main: false }],
        },
      }),
      resource('security-group', 'sg-master', { refs: { vpcId: vpc, securityGroupIds: ['sg-node'] } }),
      resource('security-group', 'sg-node', { refs: { vpcId: vpc, securityGroupIds: ['sg-master'] } }),
      resource('volume', 'vol-master', {
        tags: { ...OWNED, Name: 'kubernetes-master-pd' },
        refs: { instanceIds: ['i-master'] },
      }),
      resource('elastic-ip', 'eipalloc-1', {
        refs: { instanceIds: ['i-master'], associationId: 'eipassoc-1' },
      }),
      resource('instance', 'i-master', {
        refs: { vpcId: vpc, subnetIds: ['subnet-1'], securityGroupIds: ['sg-master'], keyName: KUBE_UP_KEY },
      }),
      resource('instance', 'i-node', {
        refs: {
          vpcId: vpc,
          subnetIds: ['subnet-1'],
          securityGroupIds: ['sg-node'],
          autoScalingGroup: 'kubernetes-minion-group',
        },
      }),
      resource('launch-template', 'lt-1', {
        name: 'kubernetes-minion-group',
        refs: { keyName: KUBE_UP_KEY, securityGroupIds: ['sg-node'], instanceProfile: 'node-profile' },
        usedBy: [asUse('auto-scaling-group', 'kubernetes-minion-group')],
      }),
      resource('auto-scaling-group', 'kubernetes-minion-group', {
        refs: { subnetIds: ['subnet-1'], instanceIds: ['i-node'], launchTemplate: { id: 'lt-1' } },
      }),
      resource('key-pair', KUBE_UP_KEY, {
        tags: { 'kubernetes.io/cluster/kubernetes': 'owned' },
        usedBy: [asUse('instance', 'i-master'), asUse('launch-template', 'lt-1')],
      }),
      resource('iam-instance-profile', 'node-profile', {
        refs: { roles: ['node-role'] },
        usedBy: [asUse('launch-template', 'lt-1')],
      }),
      resource('iam-role', 'node-role', {
        refs: { instanceProfiles: ['node-profile'] },
        usedBy: [asUse('launch-template', 'lt-1')],
      }),
      resource('s3-bucket', 'kubernetes-staging-0123456789ab'),
    ],
  };
}

function inventory(clusters: InventoryCluster[], orphans: Orphan[] = []): Inventory {
  return {
    region: REGION,
    regions: [REGION],
    allRegions: false,
    accountId: '123456789012',
    scannedAt: '2026-03-01T12:00:00.000Z',
    clusters,
    orphans,
  };
}

const NO_OTHER_USERS: IamUse = {
  regions: [REGION, 'eu-west-1'],
  failed: [],
  users: new Map(),
  keyUsers: new Map(),
};
const target = { kind: 'cluster' as const, cluster: { name: 'kubernetes', region: REGION } };

const stepOf = (plan: TeardownPlan, id: string) => {
  const step = plan.steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`no step for ${id}`);
  return step;
};
const position = (plan: TeardownPlan, id: string) => plan.steps.findIndex((step) => step.id === id);
const blockers = (plan: TeardownPlan, id: string) =>
  stepOf(plan, id)
    .blockedBy.map((key) => key.split(':').slice(2).join(':'))
    .sort();

/** Every step is listed after every step that blocks it. */
function expectTopological(plan: TeardownPlan) {
  const index = new Map(plan.steps.map((step, at) => [step.key, at]));
  for (const step of plan.steps) {
    for (const key of step.blockedBy)
      expect(index.get(key)!, `${key} before ${step.key}`).toBeLessThan(index.get(step.key)!);
  }
}

describe('the teardown plan', () => {
  it("deletes a kube-tui cluster in kube-down's order, each kind after what AWS would refuse it before", () => {
    const plan = buildTeardownPlan({
      target,
      inventory: inventory([kubeTuiCluster()]),
      iamUse: NO_OTHER_USERS,
      local: [{ type: 'kubeconfig-context', id: 'aws_kubernetes', name: '/home/u/.kube/config' }],
    });
    expectTopological(plan);
    expect(plan.steps.map((step) => `${step.action} ${step.id}`)).toEqual([
      'delete kubernetes-minion-group',
      'delete i-master',
      'delete i-node',
      'delete lt-1',
      'release eipalloc-1',
      'delete vol-master',
      'delete sg-master',
      'delete sg-node',
      'delete subnet-1',
      'delete rtb-1',
      'delete igw-1',
      'delete vpc-1',
      `delete ${KUBE_UP_KEY}`,
      'delete node-profile',
      'delete node-role',
      'delete kubernetes-staging-0123456789ab',
      'delete aws_kubernetes',
    ]);
    // Nodes wait for their group (else it replaces them); groups, subnets and volumes for every instance.
    expect(blockers(plan, 'i-node')).toEqual(['kubernetes-minion-group']);
    expect(blockers(plan, 'i-master')).toEqual([]);
    expect(blockers(plan, 'sg-node')).toEqual(['i-master', 'i-node', 'lt-1']);
    expect(blockers(plan, 'subnet-1')).toEqual(['i-master', 'i-node', 'kubernetes-minion-group']);
    expect(blockers(plan, 'rtb-1')).toEqual(['i-master', 'i-node', 'subnet-1']);
    expect(blockers(plan, 'igw-1')).toEqual(['eipalloc-1', 'i-master', 'i-node']);
    expect(blockers(plan, 'vpc-1')).toEqual([
      'i-master',
      'i-node',
      'igw-1',
      'rtb-1',
      'sg-master',
      'sg-node',
      'subnet-1',
    ]);
    expect(blockers(plan, KUBE_UP_KEY)).toEqual(['i-master', 'i-node', 'lt-1']);
    expect(blockers(plan, 'node-role')).toEqual(['i-master', 'i-node', 'node-profile']);
    // Local state goes after everything in AWS.
    expect(stepOf(plan, 'aws_kubernetes').blockedBy).toHaveLength(plan.steps.length - 1);
  });

  it('keeps shared pieces: a user VPC and subnet lose only the tag, their untagged gateway is skipped', () => {
    const cluster = kubeTuiCluster();
    const shared = { 'kubernetes.io/cluster/kubernetes': 'shared' };
    cluster.resources = cluster.resources.map((entry) =>
      entry.type === 'vpc' || entry.type === 'subnet'
        ? { ...entry, tags: { Name: 'mine', ...shared }, ownership: 'shared' }
        : entry.type === 'internet-gateway'
          ? { ...entry, tags: {}, ownership: 'shared' }
          : entry,
    );
    const plan = buildTeardownPlan({ target, inventory: inventory([cluster]), iamUse: NO_OTHER_USERS });
    expect(stepOf(plan, 'vpc-1')).toMatchObject({ action: 'remove-tag' });
    expect(stepOf(plan, 'subnet-1')).toMatchObject({ action: 'remove-tag' });
    expect(stepOf(plan, 'igw-1')).toMatchObject({ action: 'skip', blockedBy: [] });
    expect(stepOf(plan, 'igw-1').reason).toMatch(/not the cluster's/);
    // The tag goes last, as the resource would have: a half-done teardown still finds the cluster.
    expect(position(plan, 'vpc-1')).toBeGreaterThan(position(plan, 'sg-node'));
  });

  it('only disassociates an untagged address merely associated with a cluster instance, first', () => {
    const cluster = kubeTuiCluster();
    cluster.resources.push(
      resource('elastic-ip', 'eipalloc-user', {
        tags: {},
        ownership: 'associated',
        refs: { instanceIds: ['i-node'], associationId: 'eipassoc-user' },
      }),
    );
    const plan = buildTeardownPlan({ target, inventory: inventory([cluster]), iamUse: NO_OTHER_USERS });
    expect(stepOf(plan, 'eipalloc-user')).toMatchObject({ action: 'disassociate', blockedBy: [] });
    expect(stepOf(plan, 'eipalloc-1')).toMatchObject({ action: 'release' });
    // The gateway waits for both: AWS refuses to detach it while public addresses are mapped.
    expect(blockers(plan, 'igw-1')).toContain('eipalloc-user');
  });

  it("removes only this cluster's tag from a key pair another cluster also tagged", () => {
    const cluster = kubeTuiCluster();
    cluster.resources = cluster.resources.map((entry) =>
      entry.type === 'key-pair'
        ? {
            ...entry,
            tags: { 'kubernetes.io/cluster/kubernetes': 'owned', 'kubernetes.io/cluster/other': 'owned' },
            usedBy: [...(entry.usedBy ?? []), asUse('instance', 'i-other', 'other')],
            alsoClaimedBy: [{ name: 'other', region: REGION }],
          }
        : entry,
    );
    const plan = buildTeardownPlan({ target, inventory: inventory([cluster]), iamUse: NO_OTHER_USERS });
    expect(stepOf(plan, KUBE_UP_KEY)).toMatchObject({ action: 'remove-tag' });
    expect(stepOf(plan, KUBE_UP_KEY).reason).toMatch(/also claimed by cluster other/);
  });

  it("skips kube-up's untagged key and roles while another cluster uses them", () => {
    const cluster = kubeTuiCluster();
    cluster.resources = cluster.resources.map((entry) =>
      entry.type === 'key-pair' || entry.type.startsWith('iam-')
        ? {
            ...entry,
            tags: {},
            ownership: 'kube-up-name' as const,
            usedBy: [
              ...(entry.usedBy ?? []),
              asUse('launch-configuration', 'other-minion-group-us-west-2a', 'other'),
            ],
          }
        : entry,
    );
    const plan = buildTeardownPlan({ target, inventory: inventory([cluster]), iamUse: NO_OTHER_USERS });
    for (const id of [KUBE_UP_KEY, 'node-profile', 'node-role']) {
      expect(stepOf(plan, id)).toMatchObject({ action: 'skip', blockedBy: [] });
      expect(stepOf(plan, id).reason).toContain(
        'used by launch-configuration other-minion-group-us-west-2a in us-west-2 (cluster other)',
      );
    }
  });

  it("keeps data volumes (a PersistentVolume, a user's volume tagged by hand) unless asked, listing their facts; kube-tui's own volumes go", () => {
    const cluster = kubeTuiCluster();
    cluster.resources.push(
      resource('volume', 'vol-pv', {
        tags: {
          'kubernetes.io/cluster/kubernetes': 'owned',
          'ebs.csi.aws.com/cluster': 'true',
          'kubernetes.io/created-for/pvc/name': 'data-postgres-0',
          Name: 'pvc-1234',
        },
        createdAt: '2026-02-01T00:00:00.000Z',
        detail: { sizeGiB: 50, volumeType: 'gp3' },
      }),
      resource('volume', 'vol-backup', {
        tags: { KubernetesCluster: 'kubernetes', Name: 'users-db-backup' },
        detail: { sizeGiB: 20, volumeType: 'gp2' },
        refs: { attachments: [{ id: 'i-master', attachTime: '2026-02-02T00:00:00.000Z' }] },
      }),
      resource('volume', 'vol-root', { tags: { ...OWNED, Name: 'kubernetes-minion-root' } }),
    );
    const kept = buildTeardownPlan({ target, inventory: inventory([cluster]), iamUse: NO_OTHER_USERS });
    for (const id of ['vol-pv', 'vol-backup']) {
      expect(stepOf(kept, id)).toMatchObject({ action: 'skip' });
      expect(stepOf(kept, id).reason).toContain(`--delete-data-volumes`);
      expect(stepOf(kept, id).reason).toContain(`aws ec2 delete-volume --region us-west-2 --volume-id ${id}`);
    }
    expect(stepOf(kept, 'vol-pv').dataVolume).toEqual({
      sizeGiB: 50,
      volumeType: 'gp3',
      createdAt: '2026-02-01T00:00:00.000Z',
      monthlyUsd: 4,
    });
    expect(stepOf(kept, 'vol-backup').dataVolume?.attachedTo).toEqual({
      instanceId: 'i-master',
      since: '2026-02-02T00:00:00.000Z',
    });
    expect(stepOf(kept, 'vol-master')).toMatchObject({ action: 'delete' });
    expect(stepOf(kept, 'vol-root')).toMatchObject({ action: 'delete' });
    expect(stepOf(kept, 'vol-master').dataVolume).toBeUndefined();

    const one = buildTeardownPlan({
      target,
      inventory: inventory([cluster]),
      iamUse: NO_OTHER_USERS,
      deleteDataVolumes: ['vol-pv'],
    });
    expect(stepOf(one, 'vol-pv')).toMatchObject({ action: 'delete' });
    expect(stepOf(one, 'vol-pv').blockedBy.length).toBeGreaterThan(0);
    expect(stepOf(one, 'vol-backup')).toMatchObject({ action: 'skip' });
    const all = buildTeardownPlan({
      target,
      inventory: inventory([cluster]),
      iamUse: NO_OTHER_USERS,
      deleteDataVolumes: true,
    });
    expect(stepOf(all, 'vol-backup')).toMatchObject({ action: 'delete' });

    // Ticked one by one in the app: the same as asking for that id in the plan.
    const ticked = withDataVolumes(kept, ['vol-pv']);
    expect(stepOf(ticked, 'vol-pv')).toMatchObject({
      action: 'delete',
      blockedBy: stepOf(one, 'vol-pv').blockedBy,
    });
    expect(stepOf(ticked, 'vol-backup')).toMatchObject({ action: 'skip' });
    expectTopological(ticked);
  });

  it('deletes IAM only with an all-regions view of who uses it', () => {
    // A check that could not run keeps the role as it is (tags too) and says the check was not made.
    const unchecked = buildTeardownPlan({ target, inventory: inventory([kubeTuiCluster()]) });
    expect(stepOf(unchecked, 'node-role')).toMatchObject({ action: 'skip' });
    expect(stepOf(unchecked, 'node-role').unverified).toMatch(/other regions were not checked/);

    const failed = buildTeardownPlan({
      target,
      inventory: inventory([kubeTuiCluster()]),
      iamUse: { ...NO_OTHER_USERS, failed: [{ region: 'ap-east-1', message: 'AuthFailure' }] },
    });
    expect(stepOf(failed, 'node-profile').reason).toMatch(/ap-east-1 could not be checked/);
    for (const id of ['node-profile', 'node-role']) {
      expect(stepOf(failed, id)).toMatchObject({ action: 'skip' });
      expect(stepOf(failed, id).unverified).toMatch(/ap-east-1 could not be checked.*AuthFailure/);
    }

    const usedElsewhere = buildTeardownPlan({
      target,
      inventory: inventory([kubeTuiCluster()]),
      iamUse: {
        ...NO_OTHER_USERS,
        users: new Map([
          [
            'node-profile',
            [{ type: 'instance', id: 'i-far', region: 'eu-west-1' }, asUse('launch-template', 'lt-1')],
          ],
        ]),
      },
    });
    expect(stepOf(usedElsewhere, 'node-profile').reason).toContain('used by instance i-far in eu-west-1');
    expect(stepOf(usedElsewhere, 'node-role').reason).toContain('used by instance i-far in eu-west-1');
    // This cluster's own template does not count: it is being deleted.
    expect(stepOf(usedElsewhere, 'node-role').reason).not.toContain('lt-1');
  });

  it('keeps a role held by an instance profile that stays', () => {
    const cluster = kubeTuiCluster();
    cluster.resources = cluster.resources.map((entry) =>
      entry.type === 'iam-role'
        ? { ...entry, refs: { instanceProfiles: ['node-profile', 'someone-elses'] } }
        : entry,
    );
    const plan = buildTeardownPlan({ target, inventory: inventory([cluster]), iamUse: NO_OTHER_USERS });
    expect(stepOf(plan, 'node-role').reason).toMatch(/held by instance profile someone-elses, which stays/);
  });

  it('never deletes what another live cluster also claims, and skips a VPC main route table', () => {
    const cluster = kubeTuiCluster();
    cluster.resources.push(
      resource('volume', 'vol-both', {
        tags: { ...OWNED, Name: 'kubernetes-master-pd' },
        alsoClaimedBy: [{ name: 'other', region: REGION }],
      }),
      resource('route-table', 'rtb-main', {
        tags: {},
        refs: { vpcId: 'vpc-1', routeTableAssociations: [{ id: 'a', main: true }] },
      }),
    );
    const plan = buildTeardownPlan({ target, inventory: inventory([cluster]), iamUse: NO_OTHER_USERS });
    expect(stepOf(plan, 'vol-both')).toMatchObject({ action: 'remove-tag' });
    expect(stepOf(plan, 'rtb-main')).toMatchObject({ action: 'skip' });
    expect(stepOf(plan, 'rtb-main').reason).toMatch(/main route table/);
  });

  it('plans the orphans: a key pair after the orphan launch configuration that is its only user', () => {
    const orphan = (entry: InventoryResource, reason: string): Orphan => ({
      ...entry,
      reason,
      cluster: 'gone',
    });
    const plan = buildTeardownPlan({
      target: { kind: 'orphans', region: REGION },
      inventory: inventory(
        [],
        [
          orphan(
            resource('launch-configuration', 'gone-minion-group-us-west-2a', {
              tags: {},
              ownership: 'kube-up-name',
              refs: { keyName: KUBE_UP_KEY },
            }),
            "kube-up's node launch configuration name",
          ),
          orphan(
            resource('key-pair', KUBE_UP_KEY, {
              tags: {},
              ownership: 'kube-up-name',
              usedBy: [{ type: 'launch-configuration', id: 'gone-minion-group-us-west-2a', region: REGION }],
            }),
            "kube-up's key pair name",
          ),
        ],
      ),
      iamUse: NO_OTHER_USERS,
    });
    expect(plan.steps.map((step: TeardownStep) => `${step.action} ${step.id}`)).toEqual([
      'delete gone-minion-group-us-west-2a',
      `delete ${KUBE_UP_KEY}`,
    ]);
    expect(blockers(plan, KUBE_UP_KEY)).toEqual(['gone-minion-group-us-west-2a']);
    expect(stepOf(plan, KUBE_UP_KEY).reason).toBe("kube-up's key pair name");

    // The same kube-up key name in use in another region is the same SSH key: kept.
    const usedFar = buildTeardownPlan({
      target: { kind: 'orphans', region: REGION },
      inventory: inventory(
        [],
        [orphan(resource('key-pair', KUBE_UP_KEY, { tags: {}, ownership: 'kube-up-name' }), 'x')],
      ),
      iamUse: {
        ...NO_OTHER_USERS,
        keyUsers: new Map([[KUBE_UP_KEY, [{ type: 'instance', id: 'i-far', region: 'eu-west-1' }]]]),
      },
    });
    expect(stepOf(usedFar, KUBE_UP_KEY)).toMatchObject({ action: 'skip' });
    expect(stepOf(usedFar, KUBE_UP_KEY).reason).toContain('used by instance i-far in eu-west-1');
    // Not checked in every region: kept, and reported as not checked.
    const unchecked = buildTeardownPlan({
      target: { kind: 'orphans', region: REGION },
      inventory: inventory(
        [],
        [orphan(resource('key-pair', KUBE_UP_KEY, { tags: {}, ownership: 'kube-up-name' }), 'x')],
      ),
    });
    expect(stepOf(unchecked, KUBE_UP_KEY)).toMatchObject({ action: 'skip' });
    expect(stepOf(unchecked, KUBE_UP_KEY).unverified).toMatch(/other regions were not checked/);
  });

  it("a cluster's plan includes the orphans its name ties to it, and a user's bucket prefix", () => {
    const plan = buildTeardownPlan({
      target,
      inventory: inventory(
        [],
        [
          {
            ...resource('iam-role', 'kubernetes-master-kubernetes-us-west-2'),
            reason: 'gone',
            cluster: 'kubernetes',
          },
          { ...resource('iam-role', 'kubernetes-master-other-us-west-2'), reason: 'gone', cluster: 'other' },
        ],
      ),
      iamUse: NO_OTHER_USERS,
      userBucket: { name: 'my-bucket', region: 'eu-west-1' },
    });
    expect(plan.steps.map((step) => `${step.action} ${step.type} ${step.name}`)).toEqual([
      'delete iam-role kubernetes-master-kubernetes-us-west-2',
      'delete-objects s3-bucket s3://my-bucket/kubernetes/',
    ]);
    expect(stepOf(plan, 'my-bucket')).toMatchObject({ prefix: 'kubernetes/', region: 'eu-west-1' });
  });
});

describe('protection in the teardown plan', () => {
  const protect = (cluster: InventoryCluster, id: string): InventoryCluster => ({
    ...cluster,
    resources: cluster.resources.map((entry) =>
      entry.id === id ? { ...entry, tags: { ...entry.tags, 'kube-tui/protect': 'true' } } : entry,
    ),
  });

  it('keeps a whole cluster when any one of its resources carries kube-tui/protect=true, local state and data volumes included', () => {
    const plan = buildTeardownPlan({
      target,
      inventory: inventory([protect(kubeTuiCluster(), 'subnet-1')]),
      iamUse: NO_OTHER_USERS,
      userBucket: { name: 'my-bucket', region: REGION },
      local: [{ type: 'kubeconfig-context', id: 'aws_kubernetes', name: '/home/u/.kube/config' }],
      deleteDataVolumes: true,
    });
    expect(plan.steps.length).toBeGreaterThan(10);
    expect(plan.steps.filter((step) => step.action !== 'skip')).toEqual([]);
    expect(stepOf(plan, 'i-master').reason).toBe(
      'protected: subnet subnet-1 carries kube-tui/protect=true; remove the tag to allow teardown',
    );
    expect(plan.protectedBy).toEqual([{ type: 'subnet', id: 'subnet-1', name: 'subnet-1', region: REGION }]);
    // Ticking data volumes in the app cannot undo it.
    expect(withDataVolumes(plan, ['vol-master']).steps.filter((step) => step.action !== 'skip')).toEqual([]);
  });

  it('accepts the tag in any case, and ignores other values', () => {
    const cluster = kubeTuiCluster();
    const tagged = (value: string) =>
      buildTeardownPlan({
        target,
        iamUse: NO_OTHER_USERS,
        inventory: inventory([
          {
            ...cluster,
            resources: cluster.resources.map((entry) =>
              entry.id === 'vpc-1' ? { ...entry, tags: { ...entry.tags, 'kube-tui/protect': value } } : entry,
            ),
          },
        ]),
      });
    expect(tagged(' TRUE ').protectedBy).toHaveLength(1);
    expect(tagged('false').protectedBy).toBeUndefined();
    expect(tagged('false').steps.some((step) => step.action === 'delete')).toBe(true);
  });

  it('among orphans, keeps the protected one and what would wait for it, and deletes the rest', () => {
    const orphan = (entry: InventoryResource): Orphan => ({
      ...entry,
      reason: 'left by gone',
      cluster: 'gone',
    });
    const plan = buildTeardownPlan({
      target: { kind: 'orphans', region: REGION },
      iamUse: NO_OTHER_USERS,
      inventory: inventory(
        [],
        [
          orphan(resource('vpc', 'vpc-9')),
          orphan(
            resource('security-group', 'sg-9', {
              refs: { vpcId: 'vpc-9' },
              tags: { ...OWNED, 'kube-tui/protect': 'true' },
            }),
          ),
          orphan(resource('elastic-ip', 'eipalloc-9')),
        ],
      ),
    });
    expect(plan.steps.map((step) => `${step.action} ${step.id}`).sort()).toEqual([
      'release eipalloc-9',
      'skip sg-9',
      'skip vpc-9',
    ]);
    expect(stepOf(plan, 'vpc-9').reason).toBe('kept: security-group sg-9 is kept and would have to go first');
    expect(plan.protectedBy?.map((entry) => entry.id)).toEqual(['sg-9']);
  });
});

// A fake Engine for screen tests: lists and plans answer at once (or as the test says), and each
// provision() or runTeardown() call becomes a run the test drives: emit events, then succeed or
// fail. No timers.

import { clusterNames, stagingBucketName } from '../../src/aws/naming.js';
import { zoneTargets } from '../../src/aws/node-zones.js';
import { plannedSteps } from '../../src/aws/provision-tasks.js';
import type { ClusterConfig } from '../../src/model/config.js';
import type { CallerIdentity, Engine, ProvisionOptions, ProvisionResult } from '../../src/model/engine.js';
import type { ProvisionEvent } from '../../src/model/events.js';
import type { Inventory, InventoryResource } from '../../src/model/inventory.js';
import { expiresAtFor } from '../../src/model/lifecycle.js';
import { SUBNET_CIDR, VPC_CIDR } from '../../src/model/network.js';
import type { ClusterPlan } from '../../src/model/plan.js';
import {
  chooseLeaving,
  type ScaleEvent,
  type ScalePlan,
  type ScaleRequest,
  type ScaleResult,
  type ScaleRunOptions,
} from '../../src/model/scale.js';
import type {
  TeardownEvent,
  TeardownPlan,
  TeardownRequest,
  TeardownResult,
  TeardownRunOptions,
  TeardownStep,
} from '../../src/model/teardown.js';
import { nodeZoneList } from '../../src/model/zones.js';
import { tick, WAIT_BOUND_MS } from './ink.js';

export const FAKE_ACCOUNT = '123456789012';
export const FAKE_IDENTITY: CallerIdentity = {
  account: FAKE_ACCOUNT,
  arn: `arn:aws:iam::${FAKE_ACCOUNT}:user/tester`,
};

/** A plan as aws/plan.ts would make it for this config: its steps are the task table's. */
export function fakePlan(config: ClusterConfig): ClusterPlan {
  const bucket = config.bucket ?? stagingBucketName(FAKE_ACCOUNT, config.region, config.name);
  const typeInfo = (name: string) => ({ name, vcpus: 2, memoryMiB: 4096, architecture: 'x86_64' as const });
  const plan: ClusterPlan = {
    config: {
      ...config,
      image: config.image ?? 'ami-00000000000000001',
      bucket,
      bucketRegion: config.bucketRegion ?? config.region,
      sshCidr: config.sshCidr ?? '203.0.113.7/32',
      apiCidr: config.apiCidr ?? '203.0.113.7/32',
    },
    accountId: FAKE_ACCOUNT,
    ownsBucket: config.bucket === undefined,
    masterType: typeInfo(config.masterSize),
    nodeType: typeInfo(config.nodeSize),
    imageInfo: {
      id: 'ami-00000000000000001',
      name: 'ubuntu-noble-24.04-amd64-server',
      ownerId: '099720109477',
      architecture: 'x86_64',
      rootDeviceName: '/dev/sda1',
    },
    keyPairName: 'kubernetes-0123456789abcdef0123456789abcdef',
    masterPrivateIp: '172.20.0.9',
    // As the plan would with zones a to d in the region.
    extraZones: zoneTargets(
      config.name,
      nodeZoneList(
        config,
        ['a', 'b', 'c', 'd'].map((letter) => `${config.region}${letter}`),
      ),
      { zone: config.zone, subnetCidr: SUBNET_CIDR, vpcCidr: VPC_CIDR },
    ),
    steps: [],
    warnings: [],
    emulator: true,
    ...(config.ttl ? { expiresAt: expiresAtFor(config.ttl, Date.now())! } : {}),
  };
  return { ...plan, steps: plannedSteps(plan) };
}

export interface FakeRun {
  plan: ClusterPlan;
  signal: AbortSignal | undefined;
  emit(event: ProvisionEvent): void;
  succeed(result?: Partial<ProvisionResult>): void;
  fail(error: unknown): void;
}

export interface FakeTeardownRun {
  plan: TeardownPlan;
  signal: AbortSignal | undefined;
  emit(event: TeardownEvent): void;
  /** Emits started + succeeded for every changing step, in plan order. */
  completeAll(): void;
  finish(result?: Partial<TeardownResult>): void;
  fail(error: unknown): void;
}

export interface FakeScaleRun {
  plan: ScalePlan;
  signal: AbortSignal | undefined;
  emit(event: ScaleEvent): void;
  finish(result?: Partial<ScaleResult>): void;
  fail(error: unknown): void;
}

/** A node group of `desired` t3.medium nodes (i-0node1…), as aws/scale.ts would plan it. */
export function fakeScalePlan(request: ScaleRequest, desired = 2): ScalePlan {
  const instances = Array.from({ length: desired }, (_, index) => ({
    id: `i-0node${index + 1}`,
    lifecycle: 'InService',
    health: 'Healthy',
    launchedAt: `2026-03-0${index + 1}T00:00:00.000Z`,
  }));
  return {
    cluster: request.cluster,
    group: `${request.cluster.name}-minion-group`,
    zones: [`${request.cluster.region}a`],
    before: { desired, min: desired, max: desired, instances: desired },
    instances,
    nodes: request.nodes,
    leaving: chooseLeaving(instances, request.nodes),
    node: { instanceType: 't3.medium', instanceHourlyUsd: 0.0416, rootDisk: { type: 'gp3', sizeGiB: 32 } },
  };
}

export interface FakeEngineOptions {
  /** The caller identity's answer to the n-th call (1-based); default: FAKE_IDENTITY. */
  identity?: (call: number) => Promise<CallerIdentity>;
  regions?: string[];
  zones?: Record<string, string[]>;
  /** A region's zones, when the test decides when they arrive; default: from `zones`. */
  listZones?: (region: string) => Promise<string[]>;
  plan?: (config: ClusterConfig) => Promise<ClusterPlan>;
  inventory?: () => Promise<Inventory>;
  /** Home's scan of every region; default: each region reported empty at once. */
  scanAllRegions?: Engine['scanAllRegions'];
  teardownPlan?: (request: TeardownRequest) => Promise<TeardownPlan>;
  scalePlan?: (request: ScaleRequest) => Promise<ScalePlan>;
}

const step = (
  type: TeardownStep['type'],
  id: string,
  name: string,
  action: TeardownStep['action'] = 'delete',
  extra: Partial<TeardownStep> = {},
): TeardownStep => ({
  key: `${type}:us-west-2:${id}`,
  type,
  id,
  name,
  region: 'us-west-2',
  action,
  blockedBy: [],
  ...extra,
});

/** A cluster's plan as teardown-plan.ts would make it, in deletion order (or the orphans'). */
export function fakeTeardownPlan(request: TeardownRequest): TeardownPlan {
  if (request.target.kind === 'orphans') {
    return {
      target: request.target,
      regions: [request.target.region],
      accountId: FAKE_ACCOUNT,
      scannedAt: new Date(0).toISOString(),
      otherClusters: [],
      steps: [
        step('volume', 'vol-0orphan', 'gone-master-pd', 'delete', {
          reason: 'master volume of cluster gone',
        }),
        step(
          'key-pair',
          'kubernetes-0123456789abcdef0123456789abcdef',
          'kubernetes-0123456789abcdef0123456789abcdef',
        ),
      ],
    };
  }
  const { name } = request.target.cluster;
  const names = clusterNames(name, 'us-west-2');
  const steps = [
    step('auto-scaling-group', names.autoScalingGroup, names.autoScalingGroup),
    step('instance', 'i-0master', names.masterInstance),
    step('instance', 'i-0node1', names.nodeInstance, 'delete', {
      blockedBy: [`auto-scaling-group:us-west-2:${names.autoScalingGroup}`],
    }),
    step('launch-template', 'lt-0abc', names.launchTemplate),
    step('elastic-ip', 'eipalloc-0abc', `${names.masterElasticIp} 198.51.100.7`, 'release'),
    step('elastic-ip', 'eipalloc-0user', '198.51.100.8', 'disassociate', {
      reason: 'only associated with a cluster instance: disassociated and kept',
    }),
    step('volume', 'vol-0master', names.masterVolume),
    step('security-group', 'sg-0master', names.masterSecurityGroup),
    step('subnet', 'subnet-0abc', names.subnet),
    step('route-table', 'rtb-0abc', names.routeTable),
    step('internet-gateway', 'igw-0abc', names.internetGateway),
    step('vpc', 'vpc-0abc', names.vpc),
    step(
      'key-pair',
      'kubernetes-0123456789abcdef0123456789abcdef',
      'kubernetes-0123456789abcdef0123456789abcdef',
      'remove-tag',
      {
        reason: "also tagged for cluster other: only this cluster's tags are removed",
      },
    ),
    {
      ...step('iam-role', names.masterRole, names.masterRole),
      region: 'global',
      key: `iam-role:global:${names.masterRole}`,
    },
    {
      ...step('iam-instance-profile', 'kubernetes-minion', 'kubernetes-minion', 'skip', {
        reason: 'used by launch-configuration other-minion-group-us-west-2a in us-west-2 (cluster other)',
      }),
      region: 'global',
      key: 'iam-instance-profile:global:kubernetes-minion',
    },
  ];
  return {
    target: request.target,
    regions: [request.target.cluster.region],
    accountId: FAKE_ACCOUNT,
    scannedAt: new Date(0).toISOString(),
    otherClusters: [{ name: 'other', region: 'us-west-2' }],
    steps,
  };
}

/** A data volume as the plan lists it: kept, with the facts the user decides on. */
function dataVolumeStep(
  id: string,
  name: string,
  facts: NonNullable<TeardownStep['dataVolume']>,
  attachedTo?: string,
): TeardownStep {
  const resource: InventoryResource = {
    type: 'volume',
    id,
    name,
    region: 'us-west-2',
    tags: { KubernetesCluster: 'kubernetes', Name: name },
    ...(facts.createdAt ? { createdAt: facts.createdAt } : {}),
    refs: attachedTo ? { attachments: [{ id: attachedTo, state: 'attached' }] } : {},
    detail: { sizeGiB: facts.sizeGiB, volumeType: facts.volumeType },
    ownership: 'owned',
  };
  return step('volume', id, name, 'skip', {
    reason: `data volume (a PersistentVolume or your own): kept; to delete it pass --delete-data-volumes, or run: aws ec2 delete-volume --region us-west-2 --volume-id ${id}`,
    dataVolume: facts,
    resource,
  });
}

/** The cluster's plan with two data volumes kept (a PersistentVolume and a user's backup), after the master-pd. */
export function withFakeDataVolumes(plan: TeardownPlan): TeardownPlan {
  const volumes = [
    dataVolumeStep('vol-0pv', 'kubernetes-dynamic-pvc-1', {
      sizeGiB: 50,
      volumeType: 'gp3',
      createdAt: '2026-02-01T00:00:00.000Z',
      monthlyUsd: 4,
    }),
    dataVolumeStep(
      'vol-0backup',
      'users-db-backup',
      {
        sizeGiB: 100,
        volumeType: 'gp2',
        createdAt: '2026-01-15T00:00:00.000Z',
        attachedTo: { instanceId: 'i-0master', since: '2026-01-16T00:00:00.000Z' },
        monthlyUsd: 10,
      },
      'i-0master',
    ),
  ];
  const at = plan.steps.findIndex((entry) => entry.type === 'volume') + 1;
  return { ...plan, steps: [...plan.steps.slice(0, at), ...volumes, ...plan.steps.slice(at)] };
}

/** An inventory with nothing in it. */
export function emptyInventory(region = 'us-west-2'): Inventory {
  return {
    region,
    regions: [region],
    allRegions: false,
    scannedAt: new Date(0).toISOString(),
    clusters: [],
    orphans: [],
  };
}

export function createFakeEngine(options: FakeEngineOptions = {}) {
  const runs: FakeRun[] = [];
  const planned: ClusterConfig[] = [];
  const teardownRequests: TeardownRequest[] = [];
  const teardownRuns: FakeTeardownRun[] = [];
  const identityCalls = { count: 0 };
  const spendScans = { count: 0 };
  const scaleRequests: ScaleRequest[] = [];
  const scaleRuns: FakeScaleRun[] = [];
  const engine: Engine = {
    identity: async () => {
      identityCalls.count += 1;
      return options.identity ? options.identity(identityCalls.count) : FAKE_IDENTITY;
    },
    listRegions: async () => options.regions ?? ['us-east-1', 'us-west-2', 'eu-west-1'],
    listZones: async (region) =>
      options.listZones
        ? options.listZones(region)
        : (options.zones?.[region] ?? [`${region}a`, `${region}b`, `${region}c`]),
    discover: async () => (options.inventory ? options.inventory() : emptyInventory()),
    scanAllRegions: async (request) => {
      spendScans.count += 1;
      if (options.scanAllRegions) return options.scanAllRegions(request);
      const regions = options.regions ?? ['us-east-1', 'us-west-2', 'eu-west-1'];
      for (const [index, region] of regions.entries()) {
        request.onRegion?.({
          region,
          regionsDone: index + 1,
          regionsTotal: regions.length,
          inventory: emptyInventory(region),
        });
      }
      return { ...emptyInventory('all'), regions, allRegions: true };
    },
    plan: async (config) => {
      planned.push(config);
      return options.plan ? options.plan(config) : fakePlan(config);
    },
    provision: (plan, { signal, onEvent }: ProvisionOptions) =>
      new Promise<ProvisionResult>((resolve, reject) => {
        runs.push({
          plan,
          signal,
          emit: onEvent,
          succeed: (result = {}) =>
            resolve({
              cluster: plan.config.name,
              region: plan.config.region,
              resources: [],
              elapsedMs: 61_000,
              ...result,
            }),
          fail: reject,
        });
      }),
    planTeardown: async (request) => {
      teardownRequests.push(request);
      return options.teardownPlan ? options.teardownPlan(request) : fakeTeardownPlan(request);
    },
    planScale: async (request) => {
      scaleRequests.push(request);
      return options.scalePlan ? options.scalePlan(request) : fakeScalePlan(request);
    },
    runScale: (plan, { signal, onEvent }: ScaleRunOptions) =>
      new Promise<ScaleResult>((resolve, reject) => {
        scaleRuns.push({
          plan,
          signal,
          emit: (event) => onEvent?.(event),
          finish: (result = {}) => {
            const staying = plan.instances
              .map((instance) => instance.id)
              .filter((id) => !plan.leaving.includes(id));
            const launched = Array.from(
              { length: Math.max(0, plan.nodes - staying.length) },
              (_, index) => `i-0new${index + 1}`,
            );
            const counts = { desired: plan.nodes, min: plan.nodes, max: plan.nodes, instances: plan.nodes };
            resolve({
              cluster: plan.cluster,
              group: plan.group,
              before: plan.before,
              after: counts,
              nodesReady: null,
              readinessNote: "the emulator's instances run nothing",
              terminated: plan.leaving,
              launched,
              instances: [...staying, ...launched],
              elapsedMs: 12_000,
              ...result,
            });
          },
          fail: reject,
        });
      }),
    runTeardown: (plan, { signal, onEvent }: TeardownRunOptions) =>
      new Promise<TeardownResult>((resolve, reject) => {
        const emit = (event: TeardownEvent) => onEvent?.(event);
        teardownRuns.push({
          plan,
          signal,
          emit,
          completeAll: () => {
            for (const entry of plan.steps) {
              const item = {
                key: entry.key,
                type: entry.type,
                id: entry.id,
                name: entry.name,
                region: entry.region,
                action: entry.action,
              };
              if (entry.action === 'skip') {
                emit({ type: 'item-skipped', item, reason: entry.reason ?? 'kept' });
                continue;
              }
              emit({ type: 'item-started', item, at: Date.now() });
              emit({ type: 'item-succeeded', item, elapsedMs: 1200 });
            }
          },
          finish: (result = {}) =>
            resolve({
              deleted: plan.steps
                .filter((entry) => entry.action !== 'skip')
                .map(({ type, id, name }) => ({ type, id, name })),
              remaining: [],
              kept: [],
              elapsedMs: 42_000,
              cancelled: false,
              clean: true,
              ...result,
            }),
          fail: reject,
        });
      }),
  };
  return {
    engine,
    runs,
    planned,
    teardownRequests,
    teardownRuns,
    scaleRequests,
    scaleRuns,
    /** How many times Home's all-regions scan ran. */
    spendScans,
    /** Waits (by yielding, never sleeping) until runScale() has been called `count` times. */
    async waitForScale(count = 1): Promise<FakeScaleRun> {
      const deadline = Date.now() + WAIT_BOUND_MS;
      while (scaleRuns.length < count && Date.now() < deadline) await tick();
      const run = scaleRuns[count - 1];
      if (!run) throw new Error(`runScale() was called ${scaleRuns.length} times, expected ${count}`);
      return run;
    },
    /** Waits (by yielding, never sleeping; bounded generously for a loaded machine) until runTeardown() has been called `count` times. */
    async waitForTeardown(count = 1): Promise<FakeTeardownRun> {
      const deadline = Date.now() + WAIT_BOUND_MS;
      while (teardownRuns.length < count && Date.now() < deadline) await tick();
      const run = teardownRuns[count - 1];
      if (!run) throw new Error(`runTeardown() was called ${teardownRuns.length} times, expected ${count}`);
      return run;
    },
    loadEngine: async () => engine,
    /** Waits (by yielding, never sleeping) until provision() has been called `count` times. */
    async waitForRun(count = 1): Promise<FakeRun> {
      const deadline = Date.now() + WAIT_BOUND_MS;
      while (runs.length < count && Date.now() < deadline) await tick();
      const run = runs[count - 1];
      if (!run) throw new Error(`provision() was called ${runs.length} times, expected ${count}`);
      return run;
    },
  };
}

/** A promise the test settles. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// `scale`: a cluster's node group (its Auto Scaling group) to N nodes. The plan reads the group, its
// instances and its launch template (read-only; also the dry run and the screen's confirmation);
// the run re-reads the group, terminates the instances the plan chose with a decrement of the
// desired capacity, sets min = max = desired = N, and waits, bounded, until the group holds exactly
// N InService instances that EC2 reports running. UI-free: progress goes out as typed events.
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { UsageError } from '../model/exit.js';
import type { ClusterId } from '../model/inventory.js';
import {
  chooseLeaving,
  instanceHourlyUsd,
  type NodeGroupCounts,
  type NodeGroupInstance,
  type NodePrice,
  type ScalePlan,
  ScaleRefusedError,
  type ScaleRequest,
  type ScaleResult,
  type ScaleRunOptions,
} from '../model/scale.js';
import { reportCallsTo, runInTaskScope } from './call-scope.js';
import type { AwsContext } from './context.js';
import { clusterMemberships, fromTagList, LEGACY_CLUSTER_TAG } from './naming.js';
import {
  findAutoScalingGroup,
  groupMarket,
  launchFailure,
  listClusterGroups,
  setGroupCapacity,
  terminateInGroup,
} from './resources/auto-scaling-group.js';
import { iso } from './resources/common.js';
import { describeInstances, meanSpotPrice, spotPricesByZone, spotPricesNow } from './resources/instance.js';
import { readTemplateData } from './resources/launch-template.js';
import { retryScale, sleep } from './retry.js';

/** How long a scaled group may take to settle: AWS's launches and terminations, generously. */
export const SCALE_WAIT_MS = 15 * 60_000;

/**
 * After the group settles, the wait until its instances are Ready nodes (the engine's: it has the
 * cluster's admin credentials). Resolves `ready`, or why it did not check; `onProgress` says what
 * it found as it changes.
 */
export type WaitForReadyNodes = (input: {
  nodeInstanceIds: string[];
  onProgress: (message: string) => void;
}) => Promise<'ready' | { notChecked: string }>;

/** What the plan needs to know beyond AWS: whether kube-tui's own teardown holds or finished the cluster. */
export interface ScaleLocal {
  /** The live holder of the cluster's lock ("down, pid 123 on host"), if any. */
  lockHeldBy(cluster: ClusterId): Promise<string | undefined>;
  /** When kube-tui's teardown of the cluster finished (ISO 8601), if it did. */
  goneSince(cluster: ClusterId): Promise<string | undefined>;
}

const DELETING = /delete in progress/i;

const ownedBy = (group: AutoScalingGroup, cluster: string) =>
  clusterMemberships(fromTagList(group.Tags)).get(cluster) === 'owned';

function countsOf(group: AutoScalingGroup): NodeGroupCounts {
  return {
    desired: group.DesiredCapacity ?? 0,
    min: group.MinSize ?? 0,
    max: group.MaxSize ?? 0,
    instances: group.Instances?.length ?? 0,
  };
}

const refuseDeleting = (cluster: ClusterId, group: AutoScalingGroup) => {
  if (DELETING.test(group.Status ?? '')) {
    throw new ScaleRefusedError(
      `Cluster ${cluster.name} in ${cluster.region} is being torn down (its node group ${group.AutoScalingGroupName} is being deleted): nothing was changed.`,
    );
  }
};

/** The cluster's node group: the one in `zone`, or the only one. Refuses with the reason otherwise. */
async function nodeGroupOf(
  ctx: AwsContext,
  cluster: ClusterId,
  zone: string | undefined,
  local: ScaleLocal,
): Promise<AutoScalingGroup> {
  const holder = await local.lockHeldBy(cluster);
  if (holder) {
    throw new ScaleRefusedError(
      `Cluster ${cluster.name} in ${cluster.region} is being changed by another kube-tui run (${holder}): nothing was changed. Wait for it to finish; if it is a teardown, there is nothing left to scale.`,
    );
  }
  const groups = await listClusterGroups(ctx);
  const ours = groups.filter((group) => ownedBy(group, cluster.name));
  if (ours.length === 0) {
    const gone = await local.goneSince(cluster);
    if (gone) {
      throw new ScaleRefusedError(
        `Cluster ${cluster.name} is gone from ${cluster.region}: kube-tui finished deleting it at ${gone}. Nothing to scale.`,
      );
    }
    const others = [
      ...new Set(groups.map((group) => fromTagList(group.Tags)[LEGACY_CLUSTER_TAG]).filter(Boolean)),
    ].sort();
    throw new ScaleRefusedError(
      `No cluster ${cluster.name} with a node group in ${cluster.region}: nothing was changed. ${
        others.length > 0
          ? `Clusters with node groups there: ${others.join(', ')}.`
          : 'No cluster there has one.'
      }`,
    );
  }
  const inZone = zone ? ours.filter((group) => (group.AvailabilityZones ?? []).includes(zone)) : ours;
  const zones = [...new Set(ours.flatMap((group) => group.AvailabilityZones ?? []))].sort();
  // Both are the caller's to fix with --zone (exit 2), as kube-up's per-zone groups were scaled one by one.
  if (inZone.length === 0) {
    throw new UsageError(
      `Cluster ${cluster.name} has no node group in ${zone}: its nodes are in ${zones.join(', ')}. Nothing was changed.`,
    );
  }
  if (inZone.length > 1) {
    throw new UsageError(
      `Cluster ${cluster.name} has node groups in ${zones.join(', ')}: pass --zone with one of them to say which to scale (--nodes counts one zone's nodes). Nothing was changed.`,
    );
  }
  const group = inZone[0]!;
  refuseDeleting(cluster, group);
  return group;
}

/** The group's instances, with EC2's launch times (the newest go first on a scale-down). */
async function instancesOf(ctx: AwsContext, group: AutoScalingGroup): Promise<NodeGroupInstance[]> {
  const listed = group.Instances ?? [];
  const ids = listed.map((instance) => instance.InstanceId!).filter(Boolean);
  const launched = new Map<string, string | undefined>();
  if (ids.length > 0) {
    for (const instance of await describeInstances(ctx, [{ Name: 'instance-id', Values: ids }]))
      launched.set(instance.InstanceId!, iso(instance.LaunchTime));
  }
  return listed.map((instance) => {
    const launchedAt = launched.get(instance.InstanceId!);
    return {
      id: instance.InstanceId!,
      lifecycle: instance.LifecycleState ?? 'unknown',
      ...(instance.HealthStatus ? { health: instance.HealthStatus } : {}),
      ...(launchedAt ? { launchedAt } : {}),
    };
  });
}

/**
 * A spot group's node price now: the mean of its zones' spot prices (the group spreads its nodes
 * over them), or undefined when one could not be read.
 */
async function groupSpotPrice(
  ctx: AwsContext,
  group: AutoScalingGroup,
  instanceType: string,
): Promise<number | undefined> {
  const pools = await spotPricesNow(ctx, [instanceType]);
  return meanSpotPrice(spotPricesByZone(pools, instanceType, group.AvailabilityZones ?? []));
}

/** What one node costs: the launch template's instance type (at the spot price for a spot group) and root disk. */
async function nodePriceOf(ctx: AwsContext, group: AutoScalingGroup): Promise<NodePrice> {
  const template =
    group.LaunchTemplate ?? group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  const data = template
    ? await readTemplateData(ctx, {
        ...(template.LaunchTemplateId ? { id: template.LaunchTemplateId } : {}),
        ...(template.LaunchTemplateName ? { name: template.LaunchTemplateName } : {}),
        ...(template.Version ? { version: template.Version } : {}),
      })
    : undefined;
  const instanceType = data?.InstanceType ?? group.Instances?.[0]?.InstanceType ?? 'unknown';
  const root = data?.BlockDeviceMappings?.find((mapping) => mapping.Ebs?.VolumeSize)?.Ebs;
  const spot = groupMarket(group).kind === 'spot';
  return {
    instanceType,
    instanceHourlyUsd: spot
      ? await groupSpotPrice(ctx, group, instanceType)
      : instanceHourlyUsd(instanceType),
    ...(spot ? { spot } : {}),
    ...(root?.VolumeSize ? { rootDisk: { type: root.VolumeType ?? 'gp2', sizeGiB: root.VolumeSize } } : {}),
  };
}

export async function planScale(
  ctx: AwsContext,
  request: ScaleRequest,
  local: ScaleLocal,
): Promise<ScalePlan> {
  const group = await nodeGroupOf(ctx, request.cluster, request.zone, local);
  const [instances, node] = await Promise.all([instancesOf(ctx, group), nodePriceOf(ctx, group)]);
  return {
    cluster: request.cluster,
    group: group.AutoScalingGroupName!,
    zones: [...(group.AvailabilityZones ?? [])].sort(),
    before: countsOf(group),
    instances,
    nodes: request.nodes,
    leaving: chooseLeaving(instances, request.nodes),
    node,
  };
}

/** Refuses a run whose plan no longer describes the group: the user confirmed other instances. */
function checkUnchanged(plan: ScalePlan, group: AutoScalingGroup): void {
  const now = countsOf(group);
  const present = new Set(
    (group.Instances ?? [])
      .filter((instance) => !/^Terminat/.test(instance.LifecycleState ?? ''))
      .map((instance) => instance.InstanceId),
  );
  const missing = plan.leaving.filter((id) => !present.has(id));
  if (now.desired !== plan.before.desired || missing.length > 0) {
    throw new ScaleRefusedError(
      `The node group ${plan.group} changed since the plan (desired ${plan.before.desired}, now ${now.desired}${
        missing.length > 0 ? `; ${missing.join(', ')} no longer in it` : ''
      }): nothing was changed. Plan again.`,
    );
  }
}

/**
 * Runs the plan: the caller holds the cluster's lock. Terminations first (each lowering the desired
 * count, after the minimum is lowered so AWS accepts it), then the three counts, then the wait.
 */
export function runScale(
  ctx: AwsContext,
  plan: ScalePlan,
  options: ScaleRunOptions,
  waitForReadyNodes?: WaitForReadyNodes,
): Promise<ScaleResult> {
  const emit = options.onEvent ?? (() => {});
  // The run is one task: each retry of its calls, and each call without an answer for a while, is
  // shown as it happens (nothing waits in silence).
  return runInTaskScope(() => {
    reportCallsTo((signal) => emit({ type: 'scale-call', signal }));
    return scaleGroup(ctx, plan, emit, waitForReadyNodes);
  });
}

async function scaleGroup(
  ctx: AwsContext,
  plan: ScalePlan,
  emit: NonNullable<ScaleRunOptions['onEvent']>,
  waitForReadyNodes: WaitForReadyNodes | undefined,
): Promise<ScaleResult> {
  const started = Date.now();
  const fresh = await findAutoScalingGroup(ctx, plan.group);
  if (!fresh) {
    throw new ScaleRefusedError(
      `The node group ${plan.group} is gone since the plan: nothing was changed. Is the cluster being torn down?`,
    );
  }
  refuseDeleting(plan.cluster, fresh);
  checkUnchanged(plan, fresh);
  const before = countsOf(fresh);
  const terminated: string[] = [];
  if (plan.leaving.length > 0) {
    const min = Math.max(0, Math.min(plan.nodes, before.desired - plan.leaving.length, before.min));
    await setGroupCapacity(ctx, plan.group, { min, max: before.max });
    emit({ type: 'scale-capacity', min, max: before.max, desired: before.desired });
    for (const instanceId of plan.leaving) {
      if (await terminateInGroup(ctx, instanceId)) {
        terminated.push(instanceId);
        emit({ type: 'scale-terminating', instanceId });
      }
    }
  }
  const counts = { min: plan.nodes, max: plan.nodes, desired: plan.nodes };
  await setGroupCapacity(ctx, plan.group, counts);
  emit({ type: 'scale-capacity', ...counts });
  const settled = await waitForCount(ctx, plan.group, plan.nodes, emit);
  // Running instances are not yet nodes: on real AWS, wait until the API server has each Ready.
  const readiness = waitForReadyNodes
    ? await waitForReadyNodes({
        nodeInstanceIds: settled.inService,
        onProgress: (message) => emit({ type: 'scale-nodes', message }),
      })
    : { notChecked: 'no check of the nodes was asked' };
  if (readiness !== 'ready')
    emit({ type: 'scale-nodes', message: `nodes' readiness not checked: ${readiness.notChecked}` });
  const known = new Set(plan.instances.map((instance) => instance.id));
  return {
    cluster: plan.cluster,
    group: plan.group,
    before,
    after: countsOf(settled.group),
    terminated,
    launched: settled.inService.filter((id) => !known.has(id)),
    instances: settled.inService,
    nodesReady: readiness === 'ready' ? true : null,
    ...(readiness === 'ready' ? {} : { readinessNote: readiness.notChecked }),
    elapsedMs: Date.now() - started,
  };
}

/**
 * Polls the group (5 s, doubling to 20 s) until it holds exactly `wanted` instances, all InService,
 * and EC2 reports each running; at most SCALE_WAIT_MS, abortable.
 */
async function waitForCount(
  ctx: AwsContext,
  name: string,
  wanted: number,
  emit: NonNullable<ScaleRunOptions['onEvent']>,
): Promise<{ group: AutoScalingGroup; inService: string[] }> {
  const deadline = Date.now() + SCALE_WAIT_MS;
  let delay = 5_000 * retryScale();
  let last = '';
  let told: string | undefined;
  for (;;) {
    const group = await findAutoScalingGroup(ctx, name);
    if (!group) throw new ScaleRefusedError(`The node group ${name} disappeared while it was being scaled.`);
    const listed = group.Instances ?? [];
    const inService = listed
      .filter((instance) => instance.LifecycleState === 'InService')
      .map((instance) => instance.InstanceId!)
      .sort();
    const other = listed.length - inService.length;
    const seen = `${inService.length}/${other}`;
    if (seen !== last) {
      last = seen;
      emit({ type: 'scale-progress', inService: inService.length, other, wanted });
    }
    if (inService.length === wanted && other === 0 && (await allRunning(ctx, inService)))
      return { group, inService };
    // Short of nodes: AWS's reason when it failed to launch them (no spot capacity, say).
    const failure = inService.length < wanted ? await launchFailure(ctx, name) : undefined;
    if (failure && failure !== told)
      emit({ type: 'scale-nodes', message: `AWS could not launch nodes yet: ${failure}` });
    told = failure ?? told;
    if (Date.now() + delay > deadline) {
      throw Object.assign(
        new Error(
          `The node group ${name} did not settle at ${wanted} in ${Math.round(SCALE_WAIT_MS / 60_000)} minutes: ${inService.length} in service, ${other} launching or terminating${failure ? `; AWS says: ${failure}` : ''}. Run the command again to wait more.`,
        ),
        { name: 'TimeoutError' },
      );
    }
    await sleep(delay, ctx.signal);
    delay = Math.min(delay * 2, 20_000 * retryScale());
  }
}

async function allRunning(ctx: AwsContext, instanceIds: string[]): Promise<boolean> {
  if (instanceIds.length === 0) return true;
  const instances = await describeInstances(ctx, [{ Name: 'instance-id', Values: instanceIds }]);
  const running = new Set(
    instances.filter((instance) => instance.State?.Name === 'running').map((instance) => instance.InstanceId),
  );
  return instanceIds.every((id) => running.has(id));
}

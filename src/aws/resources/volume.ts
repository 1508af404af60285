// The master's persistent volume `<C>-master-pd` for etcd: encrypted, gp3 by default, in the zone,
// attached to the master once it runs.
import {
  AttachVolumeCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeVolumesCommand,
  type DescribeVolumesCommandOutput,
  type Volume,
  type VolumeType,
  waitUntilVolumeAvailable,
  waitUntilVolumeInUse,
} from '@aws-sdk/client-ec2';
import type { DiskType } from '../../model/config.js';
import type { ListedResource } from '../../model/inventory.js';
import { HOURS_PER_MONTH, VOLUME_GB_MONTH_USD } from '../../model/prices.js';
import type { DataVolumeFacts } from '../../model/teardown.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterMemberships, clusterNames, fromTagList, MASTER_IP_TAG } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import {
  allPages,
  CLUSTER_TAG_KEY_FILTER,
  clusterFilters,
  compact,
  createOnce,
  type Ensured,
  ignoringCodes,
  iso,
  ownedTagsIn,
  tagSpecification,
} from './common.js';
import type { ResourceKind } from './kind.js';
import { instancesIn, type KindTeardown, removeEc2ClusterTags } from './teardown-kind.js';

export const MASTER_VOLUME_DEVICE = '/dev/sdf';

export async function findMasterVolume(
  ctx: AwsContext,
  cluster: string,
  zone: string,
): Promise<Volume | undefined> {
  const { Volumes = [] } = await ctx.clients.ec2(ctx.region).send(
    new DescribeVolumesCommand({
      Filters: [
        ...clusterFilters(cluster, { Name: clusterNames(cluster, ctx.region).masterVolume }),
        { Name: 'availability-zone', Values: [zone] },
        { Name: 'status', Values: ['creating', 'available', 'in-use'] },
      ],
    }),
    callOptions(ctx),
  );
  return Volumes[0];
}

export async function ensureMasterVolume(
  ctx: AwsContext,
  input: { cluster: string; zone: string; type: DiskType; sizeGiB: number; clientToken: string },
): Promise<Ensured<Volume>> {
  const ec2 = ctx.clients.ec2(ctx.region);
  let volume = await findMasterVolume(ctx, input.cluster, input.zone);
  const created = !volume;
  if (!volume) {
    ({ value: volume } = await createOnce(ctx, {
      find: () => findMasterVolume(ctx, input.cluster, input.zone),
      create: (sending) =>
        sending.clients
          .withoutRetries()
          .ec2(sending.region)
          .send(
            new CreateVolumeCommand({
              AvailabilityZone: input.zone,
              Size: input.sizeGiB,
              VolumeType: input.type as VolumeType,
              Encrypted: true,
              // On AWS a repeated token returns the same volume; createOnce also looks before retrying.
              ClientToken: input.clientToken,
              TagSpecifications: tagSpecification(
                'volume',
                ownedTagsIn(ctx, input.cluster, clusterNames(input.cluster, ctx.region).masterVolume),
              ),
            }),
            callOptions(sending),
          ),
    }));
  }
  if (volume.State === 'creating') {
    await waitUntilVolumeAvailable(
      { client: ec2, maxWaitTime: 300, minDelay: 2, maxDelay: 10, abortSignal: ctx.signal },
      { VolumeIds: [volume.VolumeId!] },
    );
  }
  return { value: volume, created };
}

/** Attaches the volume to the master (once it runs) unless it already is; waits until in use. */
export async function attachMasterVolume(
  ctx: AwsContext,
  volume: Volume,
  instanceId: string,
): Promise<boolean> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const attachedHere = volume.Attachments?.some((attachment) => attachment.InstanceId === instanceId);
  if (attachedHere) return false;
  await retry(
    () =>
      ignoringCodes(
        ec2.send(
          new AttachVolumeCommand({
            VolumeId: volume.VolumeId,
            InstanceId: instanceId,
            Device: MASTER_VOLUME_DEVICE,
          }),
          callOptions(ctx),
        ),
        ['VolumeInUse'],
      ),
    { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 60_000 },
  );
  await waitUntilVolumeInUse(
    { client: ec2, maxWaitTime: 300, minDelay: 2, maxDelay: 10, abortSignal: ctx.signal },
    { VolumeIds: [volume.VolumeId!] },
  );
  return true;
}

/**
 * Volumes carrying a cluster tag: the master's `<C>-master-pd` (whose `kubernetes.io/master-ip` tag
 * names kube-up's untagged Elastic IP), tagged root disks, and the EBS CSI driver's PersistentVolumes.
 */
export async function listVolumes(ctx: AwsContext): Promise<ListedResource[]> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const volumes = await allPages(
    (NextToken) =>
      ec2.send(new DescribeVolumesCommand({ Filters: CLUSTER_TAG_KEY_FILTER, NextToken }), callOptions(ctx)),
    (page: DescribeVolumesCommandOutput) => page.Volumes,
    (page) => page.NextToken,
  );
  return volumes.map((volume) => {
    const tags = fromTagList(volume.Tags);
    const attachments = (volume.Attachments ?? [])
      .filter((attachment) => attachment.InstanceId)
      .map((attachment) =>
        compact({
          id: attachment.InstanceId!,
          state: attachment.State,
          device: attachment.Device,
          deleteOnTermination: attachment.DeleteOnTermination,
          ...(attachment.AttachTime ? { attachTime: iso(attachment.AttachTime) } : {}),
        }),
      );
    return {
      type: 'volume',
      id: volume.VolumeId!,
      name: tags.Name ?? volume.VolumeId!,
      region: ctx.region,
      ...(volume.State ? { state: volume.State } : {}),
      tags,
      ...(volume.CreateTime ? { createdAt: iso(volume.CreateTime) } : {}),
      refs: compact({
        instanceIds: attachments.map((attachment) => attachment.id),
        attachments,
        publicIp: tags[MASTER_IP_TAG],
      }),
      detail: compact({ sizeGiB: volume.Size, volumeType: volume.VolumeType, zone: volume.AvailabilityZone }),
    };
  });
}

/**
 * The volumes kube-tui (and kube-up) made for a cluster: the master's `<C>-master-pd` and the root
 * disks `<C>-master-root` / `<C>-minion-root`. Every other volume carrying a cluster's tags is data:
 * a PersistentVolume the EBS CSI driver or the in-tree provider made (`ebs.csi.aws.com/cluster`,
 * `kubernetes.io/created-for/pvc/name`, `KubernetesCluster`), or a user's volume tagged by hand.
 */
export function isClusterMadeVolume(volume: ListedResource): boolean {
  const name = volume.tags.Name;
  if (!name) return false;
  return [...clusterMemberships(volume.tags).keys()].some((cluster) => {
    const names = clusterNames(cluster, volume.region);
    return [names.masterVolume, `${names.masterInstance}-root`, `${names.nodeInstance}-root`].includes(name);
  });
}

export function dataVolumeFacts(volume: ListedResource): DataVolumeFacts {
  const size = volume.detail?.sizeGiB;
  const type = volume.detail?.volumeType;
  const price = type ? VOLUME_GB_MONTH_USD[type as keyof typeof VOLUME_GB_MONTH_USD] : undefined;
  const attachment = volume.refs.attachments?.[0];
  return compact({
    sizeGiB: size,
    volumeType: type,
    createdAt: volume.createdAt,
    attachedTo: attachment ? compact({ instanceId: attachment.id, since: attachment.attachTime }) : undefined,
    monthlyUsd: size !== undefined && price !== undefined ? Math.round(size * price * 100) / 100 : undefined,
  });
}

export async function deleteVolume(ctx: AwsContext, volumeId: string): Promise<void> {
  await ctx.clients.ec2(ctx.region).send(new DeleteVolumeCommand({ VolumeId: volumeId }), callOptions(ctx));
}

/**
 * Volumes (the master's etcd volume, the CSI driver's PersistentVolumes, root disks kept after
 * termination) are deleted once detached: after the instances are terminated. `VolumeInUse` while
 * AWS detaches is retried; a root volume deleted with its instance is simply gone.
 */
export const volumeTeardown: KindTeardown = {
  blockedBy: (volume, removing) => instancesIn(removing, volume.region),
  remove: (ctx, step) => deleteVolume(ctx, step.id),
  removeTags: (ctx, volume, cluster) => removeEc2ClusterTags(ctx, volume.id, volume.tags, cluster),
};

/** What the plan says of a data volume it keeps, and of one it was asked to delete. */
const DATA_VOLUME_KEPT = (volume: { id: string; region: string }) =>
  `data volume (a PersistentVolume or your own): kept; to delete it pass --delete-data-volumes, or run: aws ec2 delete-volume --region ${volume.region} --volume-id ${volume.id}`;
export const DATA_VOLUME_DELETED = 'data volume (a PersistentVolume or your own): deleted, as asked';

/**
 * Tagged for the cluster. kube-tui's own volumes (the master's etcd volume, root disks) go with it;
 * a data volume only when asked, per volume or all, whoever else claims it.
 */
export const volumeKind: ResourceKind = {
  type: 'volume',
  scope: 'region',
  teardownRank: 60,
  list: [{ label: 'volumes', list: listVolumes }],
  find: findMasterVolume,
  ensure: ensureMasterVolume,
  claim: { byTag: true },
  orphan: (volume, view) => {
    const owners = view.goneOwners(volume);
    if (owners.length === 0 || (volume.refs.instanceIds?.length ?? 0) > 0 || volume.state === 'in-use')
      return undefined;
    const master = owners.find((name) => volume.name === clusterNames(name, volume.region).masterVolume);
    return {
      ownership: 'owned',
      reason: `${master ? `master volume ${volume.name} ` : ''}${view.tagClause(owners, volume.region)}; attached to nothing`,
      cluster: master ?? owners[0]!,
    };
  },
  action: (volume, plan) => {
    if (isClusterMadeVolume(volume)) return plan.kept(volume) ?? plan.deleted(volume);
    const choice = plan.input.deleteDataVolumes;
    return choice === true || (Array.isArray(choice) && choice.includes(volume.id))
      ? { action: 'delete', reason: DATA_VOLUME_DELETED }
      : { action: 'skip', reason: DATA_VOLUME_KEPT(volume) };
  },
  teardown: volumeTeardown,
  price: (volume) => {
    const type = volume.detail?.volumeType ?? 'unknown';
    const perGbMonth = VOLUME_GB_MONTH_USD[type as DiskType];
    return perGbMonth === undefined
      ? { hourlyUsd: 0, unpriced: `${type} volume` }
      : { hourlyUsd: ((volume.detail?.sizeGiB ?? 0) * perGbMonth) / HOURS_PER_MONTH };
  },
};

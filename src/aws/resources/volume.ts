// The master's persistent volume `<C>-master-pd` for etcd: encrypted, gp3 by default, in the zone,
// attached to the master once it runs.
import {
  AttachVolumeCommand,
  CreateVolumeCommand,
  DescribeVolumesCommand,
  type Volume,
  type VolumeType,
  waitUntilVolumeAvailable,
  waitUntilVolumeInUse,
} from '@aws-sdk/client-ec2';
import type { DiskType } from '../../state/config.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, ownedTags } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import { clusterFilters, type Ensured, ignoringCodes, tagSpecification } from './common.js';

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
    volume = await ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: input.zone,
        Size: input.sizeGiB,
        VolumeType: input.type as VolumeType,
        Encrypted: true,
        // A retried create whose answer was lost returns the same volume instead of a second one.
        ClientToken: input.clientToken,
        TagSpecifications: tagSpecification(
          'volume',
          ownedTags(input.cluster, clusterNames(input.cluster, ctx.region).masterVolume),
        ),
      }),
      callOptions(ctx),
    );
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

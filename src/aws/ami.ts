// Finds the image for an OS without hard-coded ids: the OS publisher's owner id, its name pattern
// and the instance type's architecture, newest first. Never an image of another owner.
import { DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import type { OsDistribution } from '../model/config.js';
import { UsageError } from '../model/exit.js';
import type { ImageInfo } from '../model/plan.js';
import { type AwsContext, callOptions } from './context.js';

export type Architecture = 'x86_64' | 'arm64';

interface OsImageSource {
  ownerId: string;
  /** DescribeImages name filters per architecture (wildcards allowed), tried in order. */
  names: Record<Architecture, string[]>;
  sshUser: string;
}

const CANONICAL = '099720109477';
const DEBIAN = '136693071363';
const AMAZON = '137112412989';
const FLATCAR = '075585003325';

export const OS_IMAGES: Record<OsDistribution, OsImageSource> = {
  'ubuntu-24.04': {
    ownerId: CANONICAL,
    names: {
      x86_64: ['ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*'],
      arm64: ['ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*'],
    },
    sshUser: 'ubuntu',
  },
  'ubuntu-22.04': {
    ownerId: CANONICAL,
    names: {
      x86_64: [
        'ubuntu/images/hvm-ssd-gp3/ubuntu-jammy-22.04-amd64-server-*',
        'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*',
      ],
      arm64: [
        'ubuntu/images/hvm-ssd-gp3/ubuntu-jammy-22.04-arm64-server-*',
        'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-*',
      ],
    },
    sshUser: 'ubuntu',
  },
  'debian-12': {
    ownerId: DEBIAN,
    names: { x86_64: ['debian-12-amd64-*'], arm64: ['debian-12-arm64-*'] },
    sshUser: 'admin',
  },
  'debian-13': {
    ownerId: DEBIAN,
    names: { x86_64: ['debian-13-amd64-*'], arm64: ['debian-13-arm64-*'] },
    sshUser: 'admin',
  },
  al2023: {
    ownerId: AMAZON,
    names: { x86_64: ['al2023-ami-2023.*-kernel-6.1-x86_64'], arm64: ['al2023-ami-2023.*-kernel-6.1-arm64'] },
    sshUser: 'ec2-user',
  },
  flatcar: {
    ownerId: FLATCAR,
    // The amd64 pattern also matches "…-arm64-hvm": the architecture filter tells them apart.
    names: { x86_64: ['Flatcar-stable-*-hvm'], arm64: ['Flatcar-stable-*-arm64-hvm'] },
    sshUser: 'core',
  },
};

export const sshUserFor = (os: OsDistribution) => OS_IMAGES[os].sshUser;

function toImageInfo(image: Image): ImageInfo {
  const rootDeviceName = image.RootDeviceName ?? '/dev/xvda';
  const rootSnapshotGiB = image.BlockDeviceMappings?.find((mapping) => mapping.DeviceName === rootDeviceName)
    ?.Ebs?.VolumeSize;
  return {
    id: image.ImageId ?? '',
    name: image.Name ?? '',
    ownerId: image.OwnerId ?? '',
    architecture: image.Architecture ?? '',
    rootDeviceName,
    ...(rootSnapshotGiB ? { rootSnapshotGiB } : {}),
    ...(image.CreationDate ? { creationDate: image.CreationDate } : {}),
  };
}

export async function findOsImage(
  ctx: AwsContext,
  os: OsDistribution,
  architecture: Architecture,
): Promise<ImageInfo> {
  const source = OS_IMAGES[os];
  for (const name of source.names[architecture]) {
    const { Images = [] } = await ctx.clients.ec2(ctx.region).send(
      new DescribeImagesCommand({
        Owners: [source.ownerId],
        Filters: [
          { Name: 'name', Values: [name] },
          { Name: 'architecture', Values: [architecture] },
          { Name: 'state', Values: ['available'] },
        ],
      }),
      callOptions(ctx),
    );
    // The owner filter is the safety: re-check it in case an API (or emulator) is lax.
    const candidates = Images.filter((image) => image.OwnerId === source.ownerId && image.ImageId);
    candidates.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''));
    const newest = candidates[0];
    if (newest) return toImageInfo(newest);
  }
  throw new UsageError(
    `--os ${os}: no ${architecture} image of owner ${source.ownerId} matches ${source.names[architecture].join(' or ')} in ${ctx.region}; pass an image id with --node-image`,
  );
}

/**
 * The architecture an instance type's name implies: Graviton families carry a "g" after their
 * generation (t4g, m7gd, c6gn, g5g), and a1. A guess, so the image lookup can go out with the
 * plan's other checks; the described type decides.
 */
export function likelyArchitecture(instanceType: string): Architecture {
  const family = instanceType.split('.')[0] ?? '';
  return family === 'a1' || /^[a-z]+\d+g/.test(family) ? 'arm64' : 'x86_64';
}

/** The image given by --node-image / KUBE_NODE_IMAGE, checked to exist. */
export async function describeImage(ctx: AwsContext, imageId: string): Promise<ImageInfo> {
  const { Images = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(new DescribeImagesCommand({ ImageIds: [imageId] }), callOptions(ctx))
    .catch((error: unknown) => {
      throw new UsageError(`--node-image ${imageId}: not found in ${ctx.region} (${(error as Error).name})`);
    });
  const image = Images[0];
  if (!image) throw new UsageError(`--node-image ${imageId}: not found in ${ctx.region}`);
  return toImageInfo(image);
}

/** An image given by id must fit the instance types' architecture. */
export function checkImageArchitecture(image: ImageInfo, architecture: Architecture): void {
  if (image.architecture && image.architecture !== architecture) {
    throw new UsageError(
      `--node-image ${image.id}: is ${image.architecture}, but the instance types are ${architecture}`,
    );
  }
}

// Where clusters are, across regions, cheaply: one DescribeTags call per enabled region (all at
// once, a few in flight) for the VPC tags that mark a cluster live, instead of a full discovery of
// every region. `down` uses it to say where a cluster it cannot find is, `inventory` to say which
// regions have clusters when its own has none.
import { DescribeTagsCommand } from '@aws-sdk/client-ec2';
import { type AwsContext, callOptions } from './context.js';
import { classifyError } from './errors.js';
import { clusterMemberships, clusterTagKey, fromTagList, LEGACY_CLUSTER_TAG } from './naming.js';
import { mapLimit } from './resources/common.js';

/** The clusters whose VPC one region holds, by name. */
export interface RegionClusters {
  region: string;
  clusters: string[];
}

export interface LocatedClusters {
  found: RegionClusters[];
  /** Regions that could not be asked (disabled, denied): the answer may be incomplete. */
  failed: { region: string; message: string }[];
  /** The enabled regions could not be listed (DescribeRegions failed): why. */
  regionsUnknown?: string;
}

const LOOKUPS_IN_FLIGHT = 8;

async function clustersIn(ctx: AwsContext, region: string, name: string | undefined): Promise<string[]> {
  const ec2 = ctx.clients.ec2(region);
  // A VPC tagged for the cluster (owned or shared) is what makes a cluster live in discovery; a
  // terminated instance keeps its tags for an hour, so instances are not asked.
  const keys = name ? [LEGACY_CLUSTER_TAG, clusterTagKey(name)] : [LEGACY_CLUSTER_TAG];
  const names = new Set<string>();
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeTagsCommand({
        Filters: [
          { Name: 'resource-type', Values: ['vpc'] },
          { Name: 'key', Values: keys },
        ],
        MaxResults: 1000,
        ...(NextToken ? { NextToken } : {}),
      }),
      callOptions(ctx),
    );
    // Each tag alone names its cluster: `KubernetesCluster=<C>` or `kubernetes.io/cluster/<C>`.
    for (const tag of page.Tags ?? []) {
      for (const cluster of clusterMemberships(fromTagList([tag])).keys()) {
        if (name === undefined || cluster === name) names.add(cluster);
      }
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return [...names].sort();
}

/** The regions (of `regions`) holding clusters, or the cluster `name`, with their names. */
export async function locateClusters(
  ctx: AwsContext,
  regions: readonly string[],
  name?: string,
): Promise<LocatedClusters> {
  const found: RegionClusters[] = [];
  const failed: LocatedClusters['failed'] = [];
  await mapLimit([...regions].sort(), LOOKUPS_IN_FLIGHT, async (region) => {
    try {
      const clusters = await clustersIn(ctx, region, name);
      if (clusters.length > 0) found.push({ region, clusters });
    } catch (error) {
      if (ctx.signal?.aborted) throw error;
      failed.push({ region, message: classifyError(error).message });
    }
  });
  found.sort((a, b) => a.region.localeCompare(b.region));
  failed.sort((a, b) => a.region.localeCompare(b.region));
  return { found, failed };
}

// `kube-tui up --node-zones +b` (kube-up's KUBE_USE_EXISTING_MASTER=true with KUBE_AWS_ZONE): adds
// zones' nodes to a running cluster. Only the new zones' subnets, templates and groups are made;
// nothing else of the cluster is written. --dry-run prints the plan, --json one document.
import type { ZoneAddPlan } from '../aws/node-zones.js';
import type { ClusterConfig } from '../model/config.js';
import { EXIT } from '../model/exit.js';
import { permissionsLine, permissionsNote } from '../model/permissions.js';
import { INSTANCE_HOURLY_USD } from '../model/prices.js';
import type { ResourceRef } from '../model/resource-types.js';
import { formatHourly, marketLine, marketNodes } from '../model/spot.js';
import { describeResource, plural } from '../wording/format.js';
import type { GlobalOptions } from './global-options.js';
import { interruptible, openEngine } from './session.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** The plan as `--dry-run --json` prints it. */
function zonePlanDocument(plan: ZoneAddPlan) {
  return {
    cluster: plan.cluster,
    region: plan.region,
    vpcId: plan.vpcId,
    routeTableId: plan.routeTable.RouteTableId ?? null,
    firstZone: plan.firstZone,
    nodesPerZone: plan.nodes,
    market: marketLine(plan.market),
    nodeSize: plan.nodeSize ?? null,
    spotNowByZone: plan.spotNowByZone ?? null,
    zones: plan.targets.map((target) => ({
      zone: target.zone,
      subnet: { name: target.subnetName, cidr: target.subnetCidr },
      launchTemplate: target.groupName,
      autoScalingGroup: target.groupName,
    })),
    present: plan.present,
    permissions: plan.permissions,
  };
}

function printZonePlan(plan: ZoneAddPlan): void {
  const { nodeSize } = plan;
  out(
    `Add zones to cluster ${plan.cluster} in ${plan.region} (VPC ${plan.vpcId}, route table ${plan.routeTable.RouteTableId}; the master's zone ${plan.firstZone})`,
  );
  for (const target of plan.targets) {
    out(
      `  zone ${target.zone}: subnet ${target.subnetName} ${target.subnetCidr}; launch template and Auto Scaling group ${target.groupName} (${marketNodes(plan.market, plan.nodes)}, a copy of ${plan.firstGroup}'s template)`,
    );
  }
  for (const zone of plan.present) out(`  zone ${zone}: has its nodes already, left as it is`);
  const count = plan.targets.length * plan.nodes;
  const onDemand = nodeSize ? INSTANCE_HOURLY_USD[nodeSize] : undefined;
  if (plan.targets.length > 0) {
    const spotUsd = plan.spotNowByZone
      ? Object.values(plan.spotNowByZone).reduce((sum, usd) => sum + usd * plan.nodes, 0)
      : undefined;
    if (spotUsd !== undefined)
      out(`  adds ${count} × ${nodeSize} ≈ ${formatHourly(spotUsd)} at the spot price now`);
    else if (onDemand !== undefined)
      out(
        `  adds ${count} × ${nodeSize} ≈ ${formatHourly(onDemand * count)} on-demand${plan.market.kind === 'spot' ? ' at most (spot price unknown)' : ''}`,
      );
  }
  out('  nothing else of the cluster is changed');
  out(`  ${permissionsLine(plan.permissions)}`);
}

export async function runAddZones({
  globals,
  config,
  notices,
  dryRun,
  json,
}: {
  globals: GlobalOptions;
  config: ClusterConfig;
  notices: string[];
  dryRun: boolean;
  json: boolean;
}): Promise<void> {
  const engine = await openEngine(globals, config.region);
  const controller = interruptible(err);
  const log = json ? err : out;
  try {
    const plan = await engine.planZones(config, controller.signal);
    if (dryRun) {
      if (json) out(JSON.stringify({ ...zonePlanDocument(plan), warnings: notices }, null, 2));
      else {
        for (const notice of notices) out(`⚠ ${notice}`);
        printZonePlan(plan);
        out('Dry run: nothing was created and no file was written.');
      }
      return;
    }
    for (const notice of notices) log(`⚠ ${notice}`);
    const note = permissionsNote(plan.permissions);
    if (note) log(note);
    if (plan.targets.length === 0) {
      log(`Cluster ${plan.cluster}: ${plan.present.join(', ')} have their nodes already; nothing to add.`);
      if (json)
        out(
          JSON.stringify({ cluster: plan.cluster, region: plan.region, resources: [], nodeIds: [] }, null, 2),
        );
      return;
    }
    log(
      `Adding ${plan.targets.map((target) => target.zone).join(', ')} to cluster ${plan.cluster}: ${plan.nodes} nodes in each`,
    );
    const resources: ResourceRef[] = [];
    const nodeIds = await engine.addZones(plan, {
      signal: controller.signal,
      report: (resource, created) => {
        resources.push(resource);
        log(`${created ? '✔ created' : '✔ found'} ${describeResource(resource)}`);
      },
      onDetail: (message) => log(`  ${message}`),
    });
    if (json) {
      out(
        JSON.stringify(
          {
            cluster: plan.cluster,
            region: plan.region,
            resources: resources.map(({ type, id, name }) => ({ type, id, name: name ?? id })),
            nodeIds,
          },
          null,
          2,
        ),
      );
    } else {
      out(
        `Added ${plural(plan.targets.length, 'zone')} to cluster ${plan.cluster}: ${plural(nodeIds.length, 'node')} in service`,
      );
    }
  } catch (error) {
    if (controller.signal.aborted) {
      err('Cancelled. Run the same command again: it finds what exists and makes the rest.');
      process.exitCode = EXIT.failed;
      return;
    }
    throw error;
  } finally {
    controller.dispose();
    engine.close();
  }
}

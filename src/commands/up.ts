// `kube-tui up`: the creation wizard on a terminal, or with --yes one line per event, --json one
// document, --dry-run the plan without any change.

import { writeFileSync } from 'node:fs';
import { clusterNames } from '../aws/naming.js';
import { requireHome } from '../local/writable.js';
import { ProvisionError, type TaskTiming } from '../model/engine.js';
import { EXIT, UsageError } from '../model/exit.js';
import { clusterResourceRefs } from '../model/inventory.js';
import { OPTIONS } from '../model/option-table.js';
import { optionsFromCli } from '../model/options.js';
import { permissionsLine, permissionsNote } from '../model/permissions.js';
import type { ClusterPlan } from '../model/plan.js';
import { INSTANCE_HOURLY_USD } from '../model/prices.js';
import type { ResourceRef } from '../model/resource-types.js';
import { marketLine, nodeMarket, spotSavingLine, spotZoneCount } from '../model/spot.js';
import { isAddingZones, nodesLine, planZones } from '../model/zones.js';
import { removeClusterCommand, rerunCommand, shellQuote } from '../wording/command-lines.js';
import { describeResource, formatDuration } from '../wording/format.js';
import { lifecycleLine } from '../wording/lifecycle.js';
import type { GlobalOptions } from './global-options.js';
import { formatEvent } from './lines.js';
import { interruptible, openEngine } from './session.js';
import { requireTerminal } from './terminal.js';

export interface UpOptions extends Record<string, unknown> {
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** Spot nodes' prices: the cap (null: the on-demand price), now, and the table's on-demand; null for on-demand nodes. */
function spotDocument(plan: ClusterPlan) {
  const market = nodeMarket(plan.config);
  if (market.kind !== 'spot') return null;
  return {
    maxPriceUsd: market.maxPriceUsd ?? null,
    nowHourlyUsd: plan.nodeSpotNowUsd ?? null,
    nowByZone: plan.nodeSpotNowByZone ?? null,
    onDemandHourlyUsd: INSTANCE_HOURLY_USD[plan.config.nodeSize] ?? null,
  };
}

/** The dry-run document of DESIGN.md section 4, exactly. */
export function dryRunDocument(plan: ClusterPlan, notices: string[]) {
  const c = plan.config;
  return {
    config: {
      name: c.name,
      region: c.region,
      zone: c.zone,
      os: c.os,
      image: c.image,
      masterSize: c.masterSize,
      nodeSize: c.nodeSize,
      nodes: c.nodes,
      masterDiskType: c.masterDiskType,
      masterDiskSize: c.masterDiskSize,
      masterRootDiskType: c.masterRootDiskType,
      masterRootDiskSize: c.masterRootDiskSize,
      nodeRootDiskType: c.nodeRootDiskType,
      nodeRootDiskSize: c.nodeRootDiskSize,
      bucket: c.bucket,
      bucketRegion: c.bucketRegion,
      sshKey: c.sshKey,
      monitoring: c.monitoring,
      nodeLogging: c.nodeLogging,
      loggingDestination: c.loggingDestination,
      clusterLogging: c.clusterLogging,
      vpcId: c.vpcId ?? null,
      subnetId: c.subnetId ?? null,
      sshCidr: c.sshCidr,
      apiCidr: c.apiCidr,
      nodePublicIp: c.nodePublicIp,
      nodeSpot: c.nodeSpot,
      nodeSpotPrice: c.nodeSpotPrice ?? null,
      nodeZones: planZones(plan),
      kubernetesVersion: c.kubernetesVersion,
      ttl: c.ttl ?? null,
      protect: c.protect,
    },
    expiresAt: plan.expiresAt ?? null,
    spot: spotDocument(plan),
    // The master's zone first: its subnet and group are the cluster's first ones.
    zones: [
      {
        zone: c.zone,
        subnet: { name: c.subnetId ?? clusterNames(c.name, c.region).subnet, cidr: plan.subnetCidr ?? null },
        autoScalingGroup: clusterNames(c.name, c.region).autoScalingGroup,
        nodes: c.nodes,
      },
      ...plan.extraZones.map((target) => ({
        zone: target.zone,
        subnet: { name: target.subnetName, cidr: target.subnetCidr },
        autoScalingGroup: target.groupName,
        nodes: c.nodes,
      })),
    ],
    steps: plan.steps.map((step) => ({ step: step.step, title: step.title, resources: step.resources })),
    warnings: [...notices, ...plan.warnings],
    permissions: plan.permissions ?? null,
  };
}

function printPlan(plan: ClusterPlan, notices: string[]): void {
  const c = plan.config;
  out(
    `Plan for cluster ${c.name} in ${c.zone} (${plan.emulator ? 'emulator' : `account ${plan.accountId}`}):`,
  );
  out(
    `  master ${c.masterSize}, ${nodesLine(plan)}, ${c.os} (${c.image}), Kubernetes ${c.kubernetesVersion}`,
  );
  for (const target of plan.extraZones) {
    out(`  zone ${target.zone}: subnet ${target.subnetName} ${target.subnetCidr}, group ${target.groupName}`);
  }
  out(
    `  master disk ${c.masterDiskSize} GiB ${c.masterDiskType}; root disks: master ${c.masterRootDiskSize} GiB ${c.masterRootDiskType}, nodes ${c.nodeRootDiskSize} GiB ${c.nodeRootDiskType}; SSH from ${c.sshCidr}; API from ${c.apiCidr}; node public IPs ${c.nodePublicIp ? 'yes' : 'no'}`,
  );
  const market = nodeMarket(c);
  out(
    `  nodes ${marketLine(market)}${market.kind === 'spot' ? `; ${spotSavingLine(c.nodeSize, plan.nodeSpotNowUsd, spotZoneCount(plan.nodeSpotNowByZone))}` : ''}`,
  );
  out(`  ${lifecycleLine({ ttl: c.ttl, expiresAt: plan.expiresAt, protect: c.protect })}`);
  if (plan.permissions) out(`  ${permissionsLine(plan.permissions)}`);
  for (const step of plan.steps) {
    const resources = step.resources.map((resource) => `${resource.type} ${resource.name}`).join(', ');
    out(`  ${String(step.step).padStart(2)}. ${step.title}${resources ? `: ${resources}` : ''}`);
  }
  for (const warning of [...notices, ...plan.warnings]) out(`⚠ ${warning}`);
}

/**
 * For the benchmark's cold phase (bench/cold.ts): when KUBE_TUI_TASK_TIMINGS_FILE is set, `up` writes
 * there how long each part of the process took, on the process's own clock (0 is its start): the
 * start-up until the plan, the plan, then every provisioning task, so the critical path of a new
 * process can be computed from outside.
 */
function taskTimingsRecorder(): { add(timing: TaskTiming): void; write(): void } | undefined {
  const file = process.env.KUBE_TUI_TASK_TIMINGS_FILE;
  if (!file) return undefined;
  const timings: TaskTiming[] = [];
  return {
    add: (timing) => timings.push(timing),
    write: () => writeFileSync(file, JSON.stringify(timings)),
  };
}

/** The teardown of this cluster with the same account, endpoint and (the user's own) bucket. */
function removeCommand(plan: ClusterPlan, globals: GlobalOptions): string {
  return removeClusterCommand(
    plan.config,
    { profile: globals.profile, endpoint: globals.endpoint },
    !plan.ownsBucket,
  );
}

/**
 * After a cancel, what exists comes from a fresh scan of the cluster, as in the app: a create the run
 * let answer after the cancel was never reported by its step. The run's own record if the scan fails.
 */
async function existingAfterCancel(
  engine: Awaited<ReturnType<typeof openEngine>>,
  plan: ClusterPlan,
  recorded: ResourceRef[],
): Promise<ResourceRef[]> {
  const { name, region } = plan.config;
  try {
    return clusterResourceRefs(await engine.discover({ regions: [region] }), { name, region });
  } catch (error) {
    err(
      `⚠ the fresh scan failed (${error instanceof Error ? error.message : String(error)}): listing what the run recorded`,
    );
    return recorded;
  }
}

function printRecovery(existing: ResourceRef[], plan: ClusterPlan, globals: GlobalOptions): void {
  if (existing.length > 0) {
    err('What exists now:');
    for (const resource of existing) err(`  ${describeResource(resource)}`);
  }
  err(`Resume (finds what exists, creates the rest): ${rerunCommand(process.argv.slice(2))}`);
  err(`Remove everything of it:                     ${removeCommand(plan, globals)}`);
}

export async function runUp({
  globals,
  options,
}: {
  globals: GlobalOptions;
  options: UpOptions;
}): Promise<void> {
  const { config, notices, sources } = optionsFromCli({ ...options, region: globals.region }, process.env);
  if (isAddingZones(config.nodeZones)) {
    // Zones for a running cluster: no wizard, no new cluster's plan, nothing but the zones' nodes.
    if (!options.yes && !options.dryRun) {
      throw new UsageError(
        `${OPTIONS.nodeZones.flag} ${String(config.nodeZones)} adds zones to the running cluster ${config.name}: pass --yes to add them, or --dry-run to see what would be made`,
      );
    }
    const { runAddZones } = await import('./add-zones.js');
    await runAddZones({
      globals,
      config,
      notices,
      dryRun: Boolean(options.dryRun),
      json: Boolean(options.json),
    });
    return;
  }
  if (!options.dryRun) requireHome(process.env, { sshKey: sources.sshKey !== 'default' });
  if (!options.yes && !options.dryRun) {
    requireTerminal(
      'kube-tui up without --yes (the creation wizard)',
      'kube-tui up --yes, or kube-tui up --dry-run to see the plan',
    );
    const { runInteractive } = await import('./interactive.js');
    await runInteractive({
      globals: { ...globals, region: config.region },
      initialScreen: 'create',
      // The user's own --region (not the resolved one), so the wizard can still offer remembered zones.
      flags: { ...options, region: globals.region },
    });
    return;
  }

  const controller = interruptible(err);
  let engine: Awaited<ReturnType<typeof openEngine>> | undefined;
  try {
    engine = await openEngine(globals, config.region, { askCaller: controller.signal });
    const timings = taskTimingsRecorder();
    const planStartedAt = performance.now();
    const planned = engine.plan(config, controller.signal);
    // The local files are checked while the plan's calls travel; provision() takes the result.
    if (!options.dryRun) engine.checkLocalFiles(config);
    const plan = await planned;
    timings?.add({ id: 'start', deps: [], startedAt: 0, endedAt: planStartedAt, ok: true });
    timings?.add({
      id: 'plan',
      deps: ['start'],
      startedAt: planStartedAt,
      endedAt: performance.now(),
      ok: true,
    });
    if (options.dryRun) {
      if (options.json) out(JSON.stringify(dryRunDocument(plan, notices), null, 2));
      else {
        printPlan(plan, notices);
        out('Dry run: nothing was created and no file was written.');
      }
      return;
    }
    const log = options.json ? err : out;
    for (const warning of [...notices, ...plan.warnings]) log(`⚠ ${warning}`);
    const note = permissionsNote(plan.permissions);
    if (note) log(note);
    log(`Creating cluster ${config.name} in ${config.zone}: ${nodesLine(plan)}, master ${config.masterSize}`);
    try {
      const result = await engine.provision(plan, {
        signal: controller.signal,
        onEvent: (event) => {
          const line = formatEvent(event);
          if (line) log(line);
        },
        ...(timings
          ? {
              onTaskTiming: (timing: TaskTiming) =>
                timings.add({ ...timing, deps: timing.deps.length > 0 ? [...timing.deps] : ['plan'] }),
            }
          : {}),
      });
      timings?.write();
      if (options.json) {
        out(
          JSON.stringify(
            {
              cluster: result.cluster,
              region: result.region,
              resources: result.resources.map(({ type, id, name }) => ({ type, id, name: name ?? id })),
              kubeconfig: result.kubeconfig ?? null,
              kubeconfigContext: result.kubeconfigContext ?? null,
              elapsedMs: result.elapsedMs,
            },
            null,
            2,
          ),
        );
      } else {
        out(`Kubernetes cluster is running (${formatDuration(result.elapsedMs)})`);
        if (result.kubeconfig) {
          const context = result.kubeconfigContext ?? `aws_${result.cluster}`;
          out(
            `kubeconfig: ${result.kubeconfig} (context ${context}): kubectl --context ${context} get nodes`,
          );
        }
        if (result.masterPublicIp)
          out(
            `SSH to the master: ssh -i ${shellQuote(plan.config.sshKey)} ${result.sshUser ?? 'ubuntu'}@${result.masterPublicIp}`,
          );
      }
    } catch (error) {
      if (!(error instanceof ProvisionError)) throw error;
      const cancelled = error.error.kind === 'aborted';
      err(cancelled ? 'Cancelled.' : `✖ ${error.step} failed: ${error.error.message}`);
      const existing = cancelled ? await existingAfterCancel(engine, plan, error.existing) : error.existing;
      printRecovery(existing, plan, globals);
      if (options.json) {
        out(
          JSON.stringify(
            {
              cluster: config.name,
              region: config.region,
              error: {
                step: error.step,
                code: error.error.code,
                kind: error.error.kind,
                message: error.error.message,
              },
              resources: existing.map(({ type, id, name }) => ({ type, id, name: name ?? id })),
            },
            null,
            2,
          ),
        );
      }
      process.exitCode = cancelled ? EXIT.failed : error.error.exitCode;
    }
  } finally {
    controller.dispose();
    engine?.close();
  }
}

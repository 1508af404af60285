// The real engine behind the interactive app and the plain commands: AWS clients for one region,
// planning, provisioning. Imported lazily, so neither --help nor the first frame pays for the SDK.

import { join } from 'node:path';
import { DescribeAvailabilityZonesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { BOOTSTRAP_UNIT } from '../kubernetes/bootstrap/userdata.js';
import type { BundleInput } from '../kubernetes/bundle.js';
import type { ClusterSecrets } from '../kubernetes/secrets.js';
import { lockHolder, withLock } from '../local/lock.js';
import { clusterLockPath, fileExists, kubeconfigPaths } from '../local/paths.js';
import { loadOrCreateSshKey } from '../local/ssh-key.js';
import { clearTeardownRecord, recordTeardown, teardownFinishedAt } from '../local/teardown-record.js';
import { ensureWritable } from '../local/writable.js';
import { CLUSTER_NAME_PATTERN, type ClusterConfig } from '../model/config.js';
import type {
  CallerIdentity,
  DiscoverRequest,
  Engine,
  ProvisionOptions,
  ProvisionResult,
  ScanAllRegionsRequest,
  TaskTiming,
} from '../model/engine.js';
import { UsageError } from '../model/exit.js';
import { expandHome } from '../model/home-path.js';
import type { ClusterId, Inventory } from '../model/inventory.js';
import { API_PORT } from '../model/network.js';
import type { ClusterPlan } from '../model/plan.js';
import { isRegionName } from '../model/region.js';
import type { ScalePlan, ScaleRequest, ScaleResult, ScaleRunOptions } from '../model/scale.js';
import type {
  TeardownListener,
  TeardownPlan,
  TeardownRequest,
  TeardownResult,
  TeardownRunOptions,
  UserBucket,
} from '../model/teardown.js';
import { sshUserFor } from './ami.js';
import type { CallerAnswer, CallerAskedFirst } from './caller.js';
import { AwsClients } from './clients.js';
import { readBootStatuses, validateCluster, validatedInstance } from './cluster-validation.js';
import type { AwsContext } from './context.js';
import { discover } from './discovery.js';
import { classifyError } from './errors.js';
import { type LocatedClusters, locateClusters } from './locate.js';
import { stagingBucketName } from './naming.js';
import { addZones, planZoneAdd, type ZoneAddPlan, type ZoneReport } from './node-zones.js';
import { planCluster } from './plan.js';
import { provision } from './provision.js';
import type { Bootstrap, BootstrapInput } from './provision-tasks.js';
import { waitForNodes } from './resources/auto-scaling-group.js';
import { findMaster } from './resources/instance.js';
import { planScale, runScale, type ScaleLocal, type WaitForReadyNodes } from './scale.js';
import { validateScaledNodes } from './scale-readiness.js';
import { planTeardown, runTeardown, type TeardownDeps } from './teardown.js';
import type { LocalItem } from './teardown-plan.js';

export interface EngineOptions {
  region: string;
  profile?: string;
  endpoint?: string;
  /** Counts calls (tests, benchmark). */
  onCall?: ConstructorParameters<typeof AwsClients>[0]['onCall'];
  /** Who the caller is, already asked (caller.ts): the first plan or identity takes this answer. */
  callerAskedFirst?: CallerAskedFirst;
}

type KubernetesSide = typeof import('../kubernetes/engine-side.js');
let kubernetesSide: Promise<KubernetesSide> | undefined;
/** The Kubernetes side (yaml, node-forge): loaded on first use, or while a plan's calls are in flight. */
const kubernetes = (): Promise<KubernetesSide> => {
  kubernetesSide ??= import('../kubernetes/engine-side.js');
  return kubernetesSide;
};

/** A plan's config has the SSH key's path expanded; the checks are the same either way. */
const localChecksKey = (config: ClusterConfig) =>
  JSON.stringify([config.region, config.name, expandHome(config.sshKey)]);

/** Every local file a provisioning run writes can be written, and the kubeconfig can be edited. */
async function localFilesWritable(config: ClusterConfig): Promise<void> {
  const { checkKubeconfig, KubeconfigSyntaxError, kubeconfigWriteTarget, safeSecretsDir } =
    await kubernetes();
  const kubeconfig = await kubeconfigWriteTarget(kubeconfigPaths());
  await ensureWritable([
    { what: 'the SSH key', path: expandHome(config.sshKey), readOnlyIfPresent: true },
    { what: 'the lock', path: await clusterLockPath(config.region, config.name) },
    {
      what: "the cluster's secrets",
      path: join(await safeSecretsDir(config.region, config.name), 'ca.key'),
    },
    { what: 'the kubeconfig', path: kubeconfig },
    { what: "the kubeconfig's lock", path: `${kubeconfig}.lock` },
  ]);
  try {
    await checkKubeconfig(kubeconfigPaths());
  } catch (error) {
    if (!(error instanceof KubeconfigSyntaxError)) throw error;
    throw new UsageError(
      `${error.message}. Nothing was created: fix the file, or pass --kubeconfig PATH to write the cluster's context elsewhere.`,
    );
  }
}

/** The bundle and user data (kubeadm, add-ons) from the cluster's CA and token, kept across runs. */
function bootstrapWith(secrets: () => Promise<ClusterSecrets>) {
  return async ({ plan, masterElasticIp, masterVolumeId }: BootstrapInput): Promise<Bootstrap> => {
    const input: BundleInput = {
      config: plan.config,
      masterElasticIp,
      masterPrivateIp: plan.masterPrivateIp,
      masterVolumeId,
      secrets: await secrets(),
    };
    const { buildBundle, userData } = await kubernetes();
    const bundle = buildBundle(input);
    return {
      objects: [...bundle.master, ...bundle.nodes],
      objectsIfAbsent: [bundle.nodeToken],
      userData: { master: userData('master', input), node: userData('node', input) },
    };
  };
}

export class AwsEngine implements Engine {
  readonly clients: AwsClients;
  private callerAskedFirst: Promise<CallerAnswer> | undefined;
  /** Local checks started ahead of `provision`, by localChecksKey. */
  private readonly localChecks = new Map<string, Promise<void>>();

  constructor({ callerAskedFirst, ...options }: EngineOptions) {
    this.clients = new AwsClients(
      options,
      callerAskedFirst ? { credentials: callerAskedFirst.credentials } : undefined,
    );
    this.callerAskedFirst = callerAskedFirst?.caller;
  }

  /** The answer asked for before the engine loaded, once; later questions are asked again. */
  private takeCallerAskedFirst(): Promise<CallerAnswer> | undefined {
    const caller = this.callerAskedFirst;
    this.callerAskedFirst = undefined;
    return caller;
  }

  context(region: string, signal?: AbortSignal): AwsContext {
    return { clients: this.clients, region, ...(signal ? { signal } : {}) };
  }

  async identity(signal?: AbortSignal): Promise<CallerIdentity> {
    const answer =
      (await this.takeCallerAskedFirst()) ??
      (await this.clients
        .sts()
        .send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : {}));
    if (!answer.Account) throw new Error('STS GetCallerIdentity returned no account id');
    return { account: answer.Account, arn: answer.Arn ?? '' };
  }

  async listRegions(signal?: AbortSignal): Promise<string[]> {
    const { Regions = [] } = await this.clients
      .ec2()
      .send(new DescribeRegionsCommand({}), signal ? { abortSignal: signal } : {});
    return Regions.map((region) => region.RegionName!).sort();
  }

  /**
   * The enabled regions other than `here` that hold clusters (or the cluster `name`): one tag lookup per region,
   * concurrently, never a full discovery.
   */
  async locateElsewhere(
    here: string,
    name: string | undefined,
    signal?: AbortSignal,
  ): Promise<LocatedClusters> {
    let regions: string[];
    try {
      regions = (await this.listRegions(signal)).filter((region) => region !== here);
    } catch (error) {
      // Only a hint: a region list that cannot be had is said, not fatal.
      if (signal?.aborted) throw error;
      return { found: [], failed: [], regionsUnknown: classifyError(error).message };
    }
    return locateClusters(this.context(here, signal), regions, name);
  }

  async listZones(region: string, signal?: AbortSignal): Promise<string[]> {
    const { AvailabilityZones = [] } = await this.clients
      .ec2(region)
      .send(
        new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }),
        signal ? { abortSignal: signal } : {},
      );
    return AvailabilityZones.map((zone) => zone.ZoneName!).sort();
  }

  plan(config: ClusterConfig, signal?: AbortSignal): Promise<ClusterPlan> {
    const caller = this.takeCallerAskedFirst();
    const planned = planCluster(this.context(config.region, signal), config, caller ? { caller } : {});
    // Once the plan's calls are on the wire: what provisioning needs next compiles while they travel.
    setImmediate(() => kubernetes().catch(() => {}));
    return planned;
  }

  /** Adding zones to a running cluster (`up --node-zones +b`): reads it and plans the zones' subnets and groups. */
  planZones(config: ClusterConfig, signal?: AbortSignal): Promise<ZoneAddPlan> {
    return planZoneAdd(this.context(config.region, signal), config);
  }

  /**
   * Makes the planned zones' subnets and groups under the cluster's lock, then waits (bounded) until
   * each new group's nodes are in service; returns their ids.
   */
  addZones(
    plan: ZoneAddPlan,
    options: { signal?: AbortSignal; report: ZoneReport; onDetail: (message: string) => void },
  ): Promise<string[]> {
    return this.holdingCluster({ name: plan.cluster, region: plan.region }, 'up', async () => {
      const ctx = this.context(plan.region, options.signal);
      const groups = await addZones(ctx, plan, options.report);
      const nodes = await Promise.all(
        groups.map((group) =>
          waitForNodes(ctx, group, (failure) =>
            options.onDetail(`${group}: AWS could not launch nodes yet: ${failure}`),
          ),
        ),
      );
      return nodes.flat();
    });
  }

  /** Holds the cluster's lock while `work` runs: a second run of the same cluster is refused. */
  private async holdingCluster<T>(
    cluster: { name: string; region: string },
    purpose: string,
    work: () => Promise<T>,
  ): Promise<T> {
    const path = await clusterLockPath(cluster.region, cluster.name);
    return withLock(path, `cluster ${cluster.name} in ${cluster.region}`, purpose, work);
  }

  /**
   * Proves, before the first AWS write, that every local file a provisioning run of `config` writes
   * can be written, and that the kubeconfig can be edited (it is written after the master runs).
   * A caller that will provision starts this beside the plan's calls; `provision` then takes it.
   */
  checkLocalFiles(config: ClusterConfig): Promise<void> {
    const key = localChecksKey(config);
    let checked = this.localChecks.get(key);
    if (!checked) {
      checked = localFilesWritable(config);
      // Whoever provisions reports its failure.
      checked.catch(() => {});
      this.localChecks.set(key, checked);
    }
    return checked;
  }

  async provision(plan: ClusterPlan, options: ProvisionOptions): Promise<ProvisionResult> {
    const { config } = plan;
    const checked = this.checkLocalFiles(config);
    // Once taken, a later run checks again: the files may have changed since.
    this.localChecks.delete(localChecksKey(config));
    await checked;
    return this.holdingCluster(config, 'up', () => this.provisionUnlocked(plan, options));
  }

  private async provisionUnlocked(plan: ClusterPlan, options: ProvisionOptions): Promise<ProvisionResult> {
    const { config } = plan;
    const { loadOrCreateSecrets, mergeKubeconfig } = await kubernetes();
    // A cluster of this name is being made again: the record of its last teardown is history.
    await clearTeardownRecord(config.region, config.name);
    let loaded: Promise<ClusterSecrets> | undefined;
    const secrets = () => {
      loaded ??= loadOrCreateSecrets(config.region, config.name);
      return loaded;
    };
    // Started now, not when the bundle task asks: making a CA takes a few hundred milliseconds of
    // CPU (on the thread pool), which then overlaps the first AWS calls instead of lengthening the
    // graph's critical path. A failure still surfaces where the secrets are awaited.
    secrets().catch(() => {});
    return provision(this.context(config.region, options.signal), plan, {
      onEvent: options.onEvent,
      ...(options.onTaskTiming ? { onTaskTiming: options.onTaskTiming } : {}),
      loadSshKey: () => loadOrCreateSshKey(config.sshKey),
      bootstrap: bootstrapWith(secrets),
      writeKubeconfig: async ({ masterElasticIp }) => {
        const cluster = await secrets();
        return mergeKubeconfig(kubeconfigPaths(), {
          cluster: { name: config.name, region: config.region },
          server: `https://${masterElasticIp}:${API_PORT}`,
          caPem: cluster.caCertPem,
          certPem: cluster.adminCertPem,
          keyPem: cluster.adminKeyPem,
        });
      },
      // kube-up's last step, made to prove the cluster works: every instance's boot as it reports
      // it, then /readyz, Ready nodes and CoreDNS through the API as the admin.
      validateCluster: async ({ master, nodes, masterElasticIp, onStatus, onProgress }) => {
        const cluster = await secrets();
        const { signal } = options;
        await validateCluster({
          instances: [
            validatedInstance(master, 'master', masterElasticIp),
            ...nodes.map((node) => validatedInstance(node, 'node')),
          ],
          api: {
            host: masterElasticIp,
            port: API_PORT,
            caPem: cluster.caCertPem,
            certPem: cluster.adminCertPem,
            keyPem: cluster.adminKeyPem,
          },
          readStatuses: () =>
            readBootStatuses(this.context(config.region, signal), {
              bucket: config.bucket,
              bucketRegion: config.bucketRegion,
              cluster: config.name,
            }),
          ssh: { keyPath: config.sshKey, user: sshUserFor(config.os) },
          bootstrapUnit: BOOTSTRAP_UNIT,
          ...(signal ? { signal } : {}),
          onStatus,
          onProgress,
        });
      },
    });
  }

  async discover(request: DiscoverRequest = {}): Promise<Inventory> {
    const regions = request.allRegions
      ? await this.listRegions(request.signal)
      : (request.regions ?? [this.clients.region]);
    return discover(this.context(this.clients.region, request.signal), {
      regions,
      allRegions: Boolean(request.allRegions),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  }

  async scanAllRegions(request: ScanAllRegionsRequest): Promise<Inventory> {
    const regions = await this.listRegions(request.signal);
    return discover(this.context(this.clients.region, request.signal), {
      regions,
      allRegions: true,
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.onRegion ? { onRegion: request.onRegion } : {}),
    });
  }

  private teardownDeps(): TeardownDeps {
    return {
      discover: ({ regions, signal }) =>
        discover(this.context(this.clients.region, signal), { regions, ...(signal ? { signal } : {}) }),
      listRegions: (signal) => this.listRegions(signal),
      local: {
        list: async ({ name, region }, servers) => {
          const items: LocalItem[] = [];
          // A name or region that is not one (a hand-made tag is input too) has no local state.
          if (!CLUSTER_NAME_PATTERN.test(name) || !isRegionName(region)) return items;
          const { contextNames, findClusterContexts, KubeconfigSyntaxError, readSecrets, secretsDir } =
            await kubernetes();
          // Only contexts whose CA is this cluster's (and server, when its address is known): the
          // same name in another region, or a user's own context of that name, stays.
          const stored = await readSecrets(region, name).catch(() => undefined);
          if (stored) {
            try {
              const found = await findClusterContexts(kubeconfigPaths(), {
                caPem: stored.caCertPem,
                servers,
              });
              for (const { path, context } of found)
                items.push({ type: 'kubeconfig-context', id: context, name: path });
            } catch (error) {
              if (!(error instanceof KubeconfigSyntaxError)) throw error;
              const { first, regional } = contextNames({ name, region });
              items.push({
                type: 'kubeconfig-context',
                id: first,
                name: error.path,
                skipReason: `${error.message}: the file is left alone; remove this cluster's context by hand (${first}, or ${regional}${servers.length ? `, whose server is ${servers.join(' or ')}` : ''})`,
              });
            }
          }
          const dir = secretsDir(region, name);
          if (await fileExists(dir))
            items.push({ type: 'local-secrets', id: `${region}/${name}`, name: dir });
          return items;
        },
        remove: async (item) => {
          const { removeKubeconfigContext, removeSecrets } = await kubernetes();
          if (item.type === 'kubeconfig-context') await removeKubeconfigContext(item.name, item.id);
          else {
            const [region, ...rest] = item.id.split('/');
            // Proves the directory is inside the config dir (no `..`, no symlink out) before rm.
            await removeSecrets(region!, rest.join('/'));
          }
        },
        recordGone: ({ name, region }, at) => recordTeardown(region, name, at),
        goneSince: ({ name, region }) => teardownFinishedAt(region, name),
      },
    };
  }

  planTeardown(request: TeardownRequest): Promise<TeardownPlan> {
    return planTeardown(this.context(this.clients.region, request.signal), request, this.teardownDeps());
  }

  runTeardown(plan: TeardownPlan, options: TeardownRunOptions): Promise<TeardownResult> {
    const run = () => runTeardown(this.context(this.clients.region), plan, options, this.teardownDeps());
    return plan.target.kind === 'cluster' ? this.holdingCluster(plan.target.cluster, 'down', run) : run();
  }

  private scaleLocal(): ScaleLocal {
    return {
      lockHeldBy: async ({ name, region }) => {
        const owner = await lockHolder(await clusterLockPath(region, name));
        return owner
          ? `${owner.purpose}, pid ${owner.pid} on ${owner.host}, since ${owner.since}`
          : undefined;
      },
      goneSince: ({ name, region }) => teardownFinishedAt(region, name),
    };
  }

  planScale(request: ScaleRequest): Promise<ScalePlan> {
    return planScale(this.context(request.cluster.region, request.signal), request, this.scaleLocal());
  }

  /** Holds the cluster's lock, as up and down do: a teardown or another scale of it is refused. */
  runScale(plan: ScalePlan, options: ScaleRunOptions): Promise<ScaleResult> {
    return this.holdingCluster(plan.cluster, 'scale', () => {
      const ctx = this.context(plan.cluster.region, options.signal);
      return runScale(ctx, plan, options, (input) => this.waitForReadyNodes(ctx, plan.cluster, input));
    });
  }

  /**
   * After a scale: the master and every node of the group Ready through the API as the admin, with
   * the boot statuses shown as they change (the same validation as `up`'s last step). Not on the
   * emulator, whose instances run nothing, nor without this machine's copy of the admin credentials.
   */
  private async waitForReadyNodes(
    ctx: AwsContext,
    cluster: ClusterId,
    { nodeInstanceIds, onProgress }: Parameters<WaitForReadyNodes>[0],
  ): ReturnType<WaitForReadyNodes> {
    if (this.clients.isEmulator) return { notChecked: "the emulator's instances run nothing" };
    const { readSecrets } = await kubernetes();
    const secrets = await readSecrets(cluster.region, cluster.name).catch(() => undefined);
    if (!secrets)
      return {
        notChecked: `this machine has no admin credentials for ${cluster.name} (kubectl get nodes shows the nodes)`,
      };
    const master = await findMaster(ctx, cluster.name);
    const masterIp = master?.PublicIpAddress;
    if (!master?.InstanceId || !masterIp)
      return { notChecked: `the master of ${cluster.name} has no public address to reach the API through` };
    const identity = await this.identity(ctx.signal);
    await validateScaledNodes(ctx, {
      cluster,
      master: { ...validatedInstance(master, 'master', masterIp), publicIp: masterIp },
      nodeInstanceIds,
      secrets,
      bucket: stagingBucketName(identity.account, cluster.region, cluster.name),
      onProgress,
    });
    return 'ready';
  }

  /**
   * Plan and run in one call, for a test that tears down a whole cluster (faults.test.ts). `down`,
   * `cleanup`, the Teardown screen and the benchmark plan first and run the plan they showed.
   */
  async teardown(request: {
    cluster: string;
    region?: string;
    bucket?: UserBucket;
    signal?: AbortSignal;
    timeoutMs?: number;
    onEvent?: TeardownListener;
    onTaskTiming?: (timing: TaskTiming) => void;
  }): Promise<TeardownResult & { plan: TeardownPlan }> {
    const plan = await this.planTeardown({
      target: {
        kind: 'cluster',
        cluster: { name: request.cluster, region: request.region ?? this.clients.region },
      },
      ...(request.bucket ? { bucket: request.bucket } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const result = await this.runTeardown(plan, {
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
      ...(request.onEvent ? { onEvent: request.onEvent } : {}),
      ...(request.onTaskTiming ? { onTaskTiming: request.onTaskTiming } : {}),
    });
    return { ...result, plan };
  }

  close(): void {
    this.clients.destroy();
  }
}

export function createEngine(options: EngineOptions): AwsEngine {
  return new AwsEngine(options);
}

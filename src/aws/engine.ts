// The real engine behind the interactive app and the plain commands: AWS clients for one region,
// planning, provisioning. Imported lazily, so neither --help nor the first frame pays for the SDK.
import { DescribeAvailabilityZonesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { ClusterConfig } from '../state/config.js';
import type { DiscoverRequest, Engine, ProvisionOptions, ProvisionResult } from '../state/engine.js';
import type { ClusterPlan } from '../state/plan.js';
import { loadOrCreateSshKey } from '../state/ssh-key.js';
import { AwsClients } from './clients.js';
import type { AwsContext } from './context.js';
import { discover } from './discovery.js';
import type { Inventory } from './inventory-types.js';
import { bundleKeys } from './naming.js';
import { planCluster } from './plan.js';
import { type Bootstrap, type BootstrapInput, provision } from './provision.js';

export interface EngineOptions {
  region: string;
  profile?: string;
  endpoint?: string;
  /** Counts calls (tests, benchmark). */
  onCall?: ConstructorParameters<typeof AwsClients>[0]['onCall'];
}

// Until the Kubernetes layer lands: a bundle and user data that only say what they are.
async function placeholderBootstrap({ plan, masterElasticIp }: BootstrapInput): Promise<Bootstrap> {
  const keys = bundleKeys(plan.config.name);
  const script = (role: string) =>
    `#!/bin/bash\n# kube-tui placeholder ${role} bootstrap for ${plan.config.name} (${masterElasticIp})\necho "kube-tui: ${role} bootstrap not yet available"\n`;
  return {
    objects: [
      { key: `${keys.masterPrefix}bootstrap.sh`, body: script('master'), contentType: 'text/x-shellscript' },
      { key: `${keys.nodesPrefix}bootstrap.sh`, body: script('node'), contentType: 'text/x-shellscript' },
    ],
    userData: { master: script('master'), node: script('node') },
  };
}

export class AwsEngine implements Engine {
  readonly clients: AwsClients;

  constructor(options: EngineOptions) {
    this.clients = new AwsClients(options);
  }

  context(region: string, signal?: AbortSignal): AwsContext {
    return { clients: this.clients, region, ...(signal ? { signal } : {}) };
  }

  async listRegions(signal?: AbortSignal): Promise<string[]> {
    const { Regions = [] } = await this.clients
      .ec2()
      .send(new DescribeRegionsCommand({}), signal ? { abortSignal: signal } : {});
    return Regions.map((region) => region.RegionName!).sort();
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
    return planCluster(this.context(config.region, signal), config);
  }

  provision(plan: ClusterPlan, options: ProvisionOptions): Promise<ProvisionResult> {
    return provision(this.context(plan.config.region, options.signal), plan, {
      onEvent: options.onEvent,
      loadSshKey: () => loadOrCreateSshKey(plan.config.sshKey),
      bootstrap: placeholderBootstrap,
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

  close(): void {
    this.clients.destroy();
  }
}

export function createEngine(options: EngineOptions): AwsEngine {
  return new AwsEngine(options);
}

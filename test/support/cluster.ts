// Builds cluster configs for tests and runs the real engine against moto.
import { join } from 'node:path';
import { AwsEngine } from '../../src/aws/engine.js';
import { type ClusterConfig, DEFAULT_CONFIG } from '../../src/model/config.js';
import type { ProvisionResult } from '../../src/model/engine.js';
import type { ProvisionEvent } from '../../src/model/events.js';
import type { ClusterPlan } from '../../src/model/plan.js';

export function testConfig(overrides: Partial<ClusterConfig> = {}): ClusterConfig {
  const name = overrides.name ?? DEFAULT_CONFIG.name;
  return {
    ...DEFAULT_CONFIG,
    sshKey: join(process.env.HOME ?? '/tmp', '.ssh', 'kube_aws_rsa'),
    // Against moto the caller's IP cannot be learned; tests pin the ingress CIDRs.
    sshCidr: '203.0.113.7/32',
    apiCidr: '203.0.113.7/32',
    ...overrides,
    name,
  };
}

export interface ProvisionRun {
  plan: ClusterPlan;
  result: ProvisionResult;
  events: ProvisionEvent[];
}

export function engineFor(endpoint: string, region = 'us-west-2'): AwsEngine {
  return new AwsEngine({ region, endpoint });
}

export async function provisionCluster(
  endpoint: string,
  config: ClusterConfig,
  options: { signal?: AbortSignal; onEvent?: (event: ProvisionEvent) => void } = {},
): Promise<ProvisionRun> {
  const engine = engineFor(endpoint, config.region);
  const events: ProvisionEvent[] = [];
  try {
    const plan = await engine.plan(config);
    const result = await engine.provision(plan, {
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: (event) => {
        events.push(event);
        options.onEvent?.(event);
      },
    });
    return { plan, result, events };
  } finally {
    engine.close();
  }
}

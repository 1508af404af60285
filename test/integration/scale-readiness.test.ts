// After a scale on real AWS, `scale` waits until every instance is a Ready node, as `up`'s last step
// does. Against moto's node group and a local HTTPS stand-in of the API server signed by the
// cluster's CA: the scale ends only when the stand-in lists the new node Ready, says how many are
// as it goes, and a node that never becomes Ready fails the run within its bound.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClusterValidationError } from '../../src/aws/cluster-validation.js';
import { describeInstances, findMaster } from '../../src/aws/resources/instance.js';
import { runScale, type WaitForReadyNodes } from '../../src/aws/scale.js';
import { validateScaledNodes } from '../../src/aws/scale-readiness.js';
import type { ScaleEvent } from '../../src/model/scale.js';
import { useMoto } from '../support/aws.js';
import { engineFor, provisionCluster, testConfig } from '../support/cluster.js';
import { startKubeApiStandIn } from '../support/kube-api-standin.js';
import { testSecrets } from '../support/kubernetes.js';

const CLUSTER = { name: 'kubernetes', region: 'us-west-2' };
const secrets = testSecrets();

describe('scale waits for Ready nodes', () => {
  const moto = useMoto();
  let api: Awaited<ReturnType<typeof startKubeApiStandIn>>;
  beforeEach(async () => {
    api = await startKubeApiStandIn(
      { certPem: secrets.caCertPem, keyPem: secrets.caKeyPem },
      { ready: true, nodes: [], corednsAvailable: 1 },
    );
  });
  afterEach(() => api.close());

  /** The cluster at one node, then a scale to two through the validation against the stand-in. */
  async function scaleToTwo(
    markReady: (ids: { instanceId: string; internalIp: string }[]) => void,
    timeoutMs: number,
    onSaid: (message: string) => void = () => {},
  ) {
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const engine = engineFor(moto.url);
    const ctx = { clients: moto.clients(), region: CLUSTER.region };
    const master = (await findMaster(ctx, CLUSTER.name))!;
    const plan = await engine.planScale({ cluster: CLUSTER, nodes: 2 });
    engine.close();
    const events: ScaleEvent[] = [];
    const wait: WaitForReadyNodes = async ({ nodeInstanceIds, onProgress }) => {
      const nodes = await describeInstances(ctx, [{ Name: 'instance-id', Values: nodeInstanceIds }]);
      markReady(
        [master, ...nodes].map((instance) => ({
          instanceId: instance.InstanceId!,
          internalIp: instance.PrivateIpAddress!,
        })),
      );
      await validateScaledNodes(ctx, {
        cluster: CLUSTER,
        master: {
          instanceId: master.InstanceId!,
          publicIp: '127.0.0.1',
          privateIp: master.PrivateIpAddress!,
        },
        nodeInstanceIds,
        secrets,
        bucket: 'kubernetes-staging-none',
        onProgress: (message) => {
          onSaid(message);
          onProgress(message);
        },
        apiPort: api.port,
        pollMs: 20,
        timeoutMs,
      });
      return 'ready';
    };
    const run = runScale(ctx, plan, { onEvent: (event) => events.push(event) }, wait);
    return { run, events };
  }

  it('ends once the API server has the master and both nodes Ready, saying how many are as it goes', async () => {
    const { run, events } = await scaleToTwo(
      (instances) => {
        // The new node is not Ready yet when the wait starts.
        api.state.nodes = instances.map((instance, index) => ({
          name: `ip-${index}`,
          ...instance,
          ready: index < 2,
        }));
      },
      120_000,
      // Once the wait has said so, the new node joins.
      (message) => {
        if (message.includes('2 of 3 nodes Ready')) for (const node of api.state.nodes) node.ready = true;
      },
    );
    const result = await run;
    expect(result.nodesReady).toBe(true);
    expect(result.instances).toHaveLength(2);
    const said = events.flatMap((event) => (event.type === 'scale-nodes' ? [event.message] : []));
    expect(said).toContain('3 of 3 nodes Ready');
    expect(said.some((message) => message.includes('2 of 3 nodes Ready'))).toBe(true);
  }, 240_000);

  it('fails within its bound when a node never becomes Ready, naming it', async () => {
    const { run } = await scaleToTwo((instances) => {
      api.state.nodes = instances.map((instance, index) => ({
        name: `ip-${index}`,
        ...instance,
        ready: index === 0,
      }));
    }, 1_000);
    const error = await run.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ClusterValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/^The cluster did not validate within 1 s:/);
    expect(message).toContain('✖ 1 of 3 nodes Ready');
    expect(message.match(/✖ node i-\w+ \(172\.20\.\d+\.\d+\) is not a Ready node/g)).toHaveLength(2);
  }, 240_000);
});

// With an IMDS hop limit of 1, a pod on the pod network cannot get the instance role's credentials:
// its request leaves the host through one more hop (the CNI bridge) and the answer never comes back.
// So every add-on that calls AWS must run with host networking, and the one that moves volumes
// must run where the role that may move them is: on the master.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { METADATA_OPTIONS } from '../../src/aws/resources/instance.js';
import { addonManifests } from '../../src/kubernetes/addons/index.js';
import { baseConfig } from '../support/kubernetes.js';

interface Workload {
  kind: string;
  metadata: { name: string };
  spec: { template: { spec: { hostNetwork?: boolean; nodeSelector?: Record<string, string> } } };
}

function workloads(options: Parameters<typeof addonManifests>[0]): Map<string, Workload> {
  const found = new Map<string, Workload>();
  for (const { body } of addonManifests(options))
    for (const doc of YAML.parseAllDocuments(body)) {
      const object = doc.toJS() as Workload;
      if (['Deployment', 'DaemonSet', 'StatefulSet'].includes(object.kind))
        found.set(`${object.kind}/${object.metadata.name}`, object);
    }
  return found;
}

describe('instance metadata reachable only from the host', () => {
  it('answers PUT /latest/api/token with a hop limit of 1, IMDSv2 only, on the master and the nodes', () => {
    // The master's RunInstances and the nodes' launch template both use these options.
    expect(METADATA_OPTIONS).toEqual({
      HttpTokens: 'required',
      HttpEndpoint: 'enabled',
      HttpPutResponseHopLimit: 1,
    });
  });

  it('runs every add-on that calls AWS with host networking', () => {
    const withCloudWatch = workloads({ ...baseConfig, nodeLogging: true, loggingDestination: 'cloudwatch' });
    for (const name of [
      'DaemonSet/aws-cloud-controller-manager',
      'Deployment/ebs-csi-controller',
      'DaemonSet/fluent-bit',
    ]) {
      const workload = withCloudWatch.get(name);
      expect(workload, `${name} in the add-ons`).toBeDefined();
      expect(workload!.spec.template.spec.hostNetwork, `${name} hostNetwork`).toBe(true);
    }
  });

  it('runs the EBS CSI controller (attach, detach, create, delete) only on the master', () => {
    const controller = workloads(baseConfig).get('Deployment/ebs-csi-controller')!;
    expect(controller.spec.template.spec.nodeSelector).toMatchObject({
      'node-role.kubernetes.io/control-plane': '',
    });
  });
});

// The simulated instance's kubectl refuses unknown fields as the API server does (strict field
// validation): kubernetes-models' schemas alone accept any extra property.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { addonManifests } from '../../src/kubernetes/addons/index.js';
import { unknownFields } from '../support/instance/strict-fields.mjs';
import { resolvedConfig } from '../support/policy.js';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web', 'any-label': 'x' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' }, annotations: { 'free.form/annotation': 'y' } },
      spec: {
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            imagePullPolicy: 'IfNotPresent',
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
          },
        ],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    },
  },
});

describe("the simulated kubectl's strict field validation", () => {
  it('accepts a manifest whose every field the schema knows, free-form maps included', () => {
    expect(unknownFields(deployment(), 'kubernetes-models/apps/v1/Deployment')).toEqual([]);
  });

  it('refuses a misspelled field, naming its path', () => {
    const misspelled = deployment() as ReturnType<typeof deployment> & Record<string, unknown>;
    const container = misspelled.spec.template.spec.containers[0] as Record<string, unknown>;
    delete container.imagePullPolicy;
    container.imagePulPolicy = 'IfNotPresent';
    (misspelled.spec as Record<string, unknown>).replica = 2;
    expect(unknownFields(misspelled, 'kubernetes-models/apps/v1/Deployment').sort()).toEqual([
      'spec.replica',
      'spec.template.spec.containers[0].imagePulPolicy',
    ]);
  });

  it('finds no unknown field in any add-on kube-tui applies', () => {
    const elasticsearch = resolvedConfig({ clusterLogging: true, nodeLogging: true });
    const cloudwatch = resolvedConfig({ nodeLogging: true, loggingDestination: 'cloudwatch' });
    for (const addon of [...addonManifests(elasticsearch), ...addonManifests(cloudwatch)])
      for (const doc of YAML.parseAllDocuments(addon.body)) {
        const object = doc.toJS();
        if (!object) continue;
        const [group, version] = object.apiVersion.includes('/')
          ? object.apiVersion.split('/')
          : ['', object.apiVersion];
        const model = group
          ? `kubernetes-models/${group}/${version}/${object.kind}`
          : `kubernetes-models/${version}/${object.kind}`;
        expect(unknownFields(object, model), `${addon.file} ${object.kind}/${object.metadata.name}`).toEqual(
          [],
        );
      }
  });
});

import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { type AddonOptions, addonManifests, addonWarnings } from '../../src/kubernetes/addons/index.js';
import { cloudControllerManagerImage, IMAGES, kubernetesMinor } from '../../src/kubernetes/versions.js';
import { baseConfig } from '../support/kubernetes.js';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
}

function parse(body: string): K8sObject[] {
  const docs = YAML.parseAllDocuments(body);
  for (const doc of docs) expect(doc.errors, String(doc.errors)).toEqual([]);
  return docs.map((doc) => doc.toJS() as K8sObject);
}

function images(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(images);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) =>
      key === 'image' && typeof inner === 'string' ? [inner] : images(inner),
    );
  }
  return [];
}

const everything: AddonOptions = { ...baseConfig };

function manifest(options: AddonOptions, file: string): K8sObject[] {
  const found = addonManifests(options).find((m) => m.file === file);
  if (!found) throw new Error(`no ${file}`);
  return parse(found.body);
}

const kinds = (objects: K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);

describe('add-on manifests', () => {
  it('parse as multi-document YAML with apiVersion, kind and name on every object', () => {
    for (const options of [
      everything,
      { ...everything, loggingDestination: 'cloudwatch' as const },
      { ...everything, monitoring: 'none' as const, clusterLogging: false, nodeLogging: false },
    ]) {
      for (const { file, body } of addonManifests(options)) {
        for (const object of parse(body)) {
          expect(object.apiVersion, file).toMatch(/^[a-z0-9.]*\/?v\d/);
          expect(object.kind, file).toMatch(/^[A-Z]/);
          expect(object.metadata.name, file).toBeTruthy();
        }
      }
    }
  });

  it('pin every image to a version tag', () => {
    const all = addonManifests({ ...everything }).flatMap(({ body }) => parse(body).flatMap(images));
    const cloudwatch = addonManifests({ ...everything, loggingDestination: 'cloudwatch' }).flatMap(
      ({ body }) => parse(body).flatMap(images),
    );
    const used = new Set([...all, ...cloudwatch]);
    expect(used.size).toBeGreaterThanOrEqual(12);
    for (const image of used) {
      expect(image).toMatch(/^[a-z0-9.-]+(\/[a-z0-9._-]+)+:v?\d+\.\d+(\.\d+)?[-a-z0-9.]*$/);
      expect(image).not.toMatch(/:latest$/);
    }
    for (const image of Object.values(IMAGES)) expect(used.has(image), image).toBe(true);
  });

  it('run Flannel as a DaemonSet over the pod CIDR with VXLAN', () => {
    const objects = manifest(everything, '10-flannel.yaml');
    expect(kinds(objects)).toContain('DaemonSet/kube-flannel-ds');
    const config = objects.find((o) => o.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
    const net = JSON.parse(config.data['net-conf.json'] ?? '{}');
    expect(net.Network).toBe('10.244.0.0/16');
    expect(net.Backend.Type).toBe('vxlan');
  });

  it('run the AWS cloud controller manager on the control plane for this cluster', () => {
    const objects = manifest(everything, '20-aws-cloud-controller-manager.yaml');
    const daemonSet = objects.find((o) => o.kind === 'DaemonSet');
    expect(daemonSet).toBeDefined();
    const text = JSON.stringify(daemonSet);
    expect(text).toContain('--cloud-provider=aws');
    expect(text).toContain('--cluster-name=kubernetes');
    expect(text).toContain('node.cloudprovider.kubernetes.io/uninitialized');
    expect(text).toContain('"hostNetwork":true');
    expect(kinds(objects)).toContain('RoleBinding/cloud-controller-manager:apiserver-authentication-reader');
  });

  it('run the EBS CSI driver (controller Deployment, node DaemonSet) tagging volumes for the cluster', () => {
    const objects = manifest(everything, '30-aws-ebs-csi-driver.yaml');
    expect(kinds(objects)).toEqual(
      expect.arrayContaining([
        'Deployment/ebs-csi-controller',
        'DaemonSet/ebs-csi-node',
        'CSIDriver/ebs.csi.aws.com',
        'StorageClass/ebs-gp3',
      ]),
    );
    const controller = JSON.stringify(objects.find((o) => o.kind === 'Deployment'));
    expect(controller).toContain('--k8s-tag-cluster-id=kubernetes');
  });

  it('add metrics-server as a Deployment only when monitoring asks for it', () => {
    expect(kinds(manifest(everything, '40-metrics-server.yaml'))).toEqual(
      expect.arrayContaining(['Deployment/metrics-server', 'APIService/v1beta1.metrics.k8s.io']),
    );
    const none = addonManifests({ ...everything, monitoring: 'none' }).map((m) => m.file);
    expect(none).not.toContain('40-metrics-server.yaml');
  });

  it('add Elasticsearch and Kibana under kube-up’s names for cluster logging', () => {
    const objects = manifest(everything, '50-elasticsearch-kibana.yaml');
    expect(kinds(objects)).toEqual(
      expect.arrayContaining([
        'StatefulSet/elasticsearch-logging',
        'Service/elasticsearch-logging',
        'Deployment/kibana-logging',
        'Service/kibana-logging',
      ]),
    );
    expect(addonManifests({ ...everything, clusterLogging: false }).map((m) => m.file)).not.toContain(
      '50-elasticsearch-kibana.yaml',
    );
  });

  it('ship node logs with a Fluent Bit DaemonSet to Elasticsearch or to CloudWatch Logs', () => {
    const toElasticsearch = manifest(everything, '60-fluent-bit.yaml');
    expect(kinds(toElasticsearch)).toContain('DaemonSet/fluent-bit');
    const esConfig = JSON.stringify(toElasticsearch.find((o) => o.kind === 'ConfigMap'));
    expect(esConfig).toContain('elasticsearch-logging.kube-system.svc');

    const toCloudWatch = manifest(
      { ...everything, loggingDestination: 'cloudwatch', name: 'prod', region: 'eu-west-1' },
      '60-fluent-bit.yaml',
    );
    const cwConfig = JSON.stringify(toCloudWatch.find((o) => o.kind === 'ConfigMap'));
    expect(cwConfig).toContain('cloudwatch_logs');
    expect(cwConfig).toContain('log_group_name    /kube-tui/prod');
    expect(cwConfig).toContain('region            eu-west-1');
    // Fluent Bit expands the node's name from the environment itself.
    expect(cwConfig).toContain(`log_stream_prefix \${NODE_NAME}.`);
    expect(JSON.stringify(toCloudWatch.find((o) => o.kind === 'DaemonSet'))).toContain('"hostNetwork":true');
  });

  it('leave node logging out, with a warning, when its Elasticsearch is not deployed', () => {
    const options = { ...everything, loggingDestination: 'elasticsearch' as const, clusterLogging: false };
    expect(addonManifests(options).map((m) => m.file)).not.toContain('60-fluent-bit.yaml');
    expect(addonWarnings(options)).toEqual([expect.stringContaining('node logging')]);
    expect(addonWarnings(everything)).toEqual([]);
  });
});

describe('versions', () => {
  it('reads the minor from any spelling and refuses nonsense', () => {
    expect(kubernetesMinor('1.36')).toBe('1.36');
    expect(kubernetesMinor('v1.35.2')).toBe('1.35');
    expect(() => kubernetesMinor('latest')).toThrow(/1\.NN/);
  });

  it('picks a cloud controller manager image that exists for each minor', () => {
    expect(cloudControllerManagerImage('1.34')).toBe(
      'registry.k8s.io/provider-aws/cloud-controller-manager:v1.34.0',
    );
    expect(cloudControllerManagerImage('1.36')).toBe(
      'registry.k8s.io/provider-aws/cloud-controller-manager:v1.35.2',
    );
  });
});

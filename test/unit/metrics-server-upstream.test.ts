// The metrics-server add-on against upstream's release manifest at the tag of the image it runs.
// components.yaml is a release asset made by kustomize from manifests/overlays/release; the files it
// is built from are checked in under test/support/upstream/metrics-server-<tag>/ and the two
// transformations kustomize applies (common labels, the release image) are applied here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { METRICS_SERVER_TAG, metricsServerManifest } from '../../src/kubernetes/addons/metrics-server.js';
import { IMAGES } from '../../src/kubernetes/versions.js';

type K8sObject = { kind: string; metadata: { name: string; labels?: Record<string, string> } } & Record<
  string,
  // biome-ignore lint/suspicious/noExplicitAny: manifests are free-form
  any
>;

const upstreamDir = join(import.meta.dirname, '../support/upstream', `metrics-server-${METRICS_SERVER_TAG}`);
const read = (file: string) => readFileSync(join(upstreamDir, file), 'utf8');
const parse = (text: string) =>
  YAML.parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);

/** What `kustomize build manifests/overlays/release` makes of the base. */
function releaseManifest(): K8sObject[] {
  const base = YAML.parse(read('kustomization.yaml')) as {
    commonLabels: Record<string, string>;
    resources: string[];
  };
  const release = YAML.parse(read('components/release/kustomization.yaml')) as {
    images: { name: string; newName: string; newTag: string }[];
  };
  const objects = base.resources.flatMap((file) => parse(read(file)));
  for (const object of objects) {
    object.metadata.labels = { ...object.metadata.labels, ...base.commonLabels };
    if (object.kind === 'Service') object.spec.selector = { ...object.spec.selector, ...base.commonLabels };
    if (object.kind === 'Deployment') {
      object.spec.selector = { matchLabels: { ...object.spec.selector?.matchLabels, ...base.commonLabels } };
      object.spec.template.metadata = {
        ...object.spec.template.metadata,
        labels: { ...object.spec.template.metadata?.labels, ...base.commonLabels },
      };
      for (const container of object.spec.template.spec.containers) {
        // kustomize matches an image by its name, whatever its tag.
        const name = container.image.slice(0, container.image.lastIndexOf(':'));
        const image = release.images.find((entry) => entry.name === name);
        if (image) container.image = `${image.newName}:${image.newTag}`;
      }
    }
  }
  return objects;
}

const key = (object: K8sObject) => `${object.kind}/${object.metadata.name}`;

describe(`the metrics-server add-on, against upstream ${METRICS_SERVER_TAG}'s components.yaml`, () => {
  const ours = parse(metricsServerManifest());
  const theirs = releaseManifest();

  it('runs the image of that tag', () => {
    expect(IMAGES.metricsServer).toBe(`registry.k8s.io/metrics-server/metrics-server:${METRICS_SERVER_TAG}`);
  });

  it('holds the same objects', () => {
    expect(ours.map(key).sort()).toEqual(theirs.map(key).sort());
  });

  for (const object of releaseManifest())
    it(`declares ${key(object)} exactly as upstream does`, () => {
      expect(ours.find((candidate) => key(candidate) === key(object))).toEqual(object);
    });

  it('verifies the kubelets’ serving certificates (no --kubelet-insecure-tls)', () => {
    const deployment = ours.find((object) => object.kind === 'Deployment')!;
    const args: string[] = deployment.spec.template.spec.containers[0].args;
    expect(args).not.toContain('--kubelet-insecure-tls');
  });
});

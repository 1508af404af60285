// The EBS CSI driver add-on against aws-ebs-csi-driver's deploy/kubernetes/base at the tag of the
// driver image it runs (checked in under test/support/upstream/aws-ebs-csi-driver-<tag>/). What
// differs is listed here, each with its reason; anything else that drifts fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { EBS_CSI_DRIVER_POLICY_TAG } from '../../src/aws/iam-policies.js';
import { ebsCsiManifest } from '../../src/kubernetes/addons/ebs-csi.js';
import { IMAGES } from '../../src/kubernetes/versions.js';

interface Container {
  name: string;
  image: string;
  args?: string[];
}
interface K8sObject {
  kind: string;
  metadata: { name: string };
  rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  spec?: {
    template?: { spec: { containers: Container[]; hostNetwork?: boolean } };
  } & Record<string, unknown>;
}

const upstreamDir = join(
  import.meta.dirname,
  '../support/upstream',
  `aws-ebs-csi-driver-${EBS_CSI_DRIVER_POLICY_TAG}`,
);
const parse = (text: string) =>
  YAML.parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
const upstream = (file: string) => parse(readFileSync(join(upstreamDir, file), 'utf8'))[0]!;
const ours = parse(ebsCsiManifest('kubernetes', 'us-west-2'));
const find = (kind: string, name: string) => {
  const found = ours.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in the add-on`);
  return found;
};
const containers = (object: K8sObject) =>
  Object.fromEntries(object.spec!.template!.spec.containers.map((container) => [container.name, container]));
const tagOf = (image: string) => image.slice(image.lastIndexOf(':') + 1);

describe(`the EBS CSI driver add-on, against upstream ${EBS_CSI_DRIVER_POLICY_TAG}`, () => {
  it('runs the driver image of that tag', () => {
    expect(tagOf(IMAGES.ebsCsiDriver)).toBe(EBS_CSI_DRIVER_POLICY_TAG);
  });

  // The snapshotter's role is left out with its sidecar: the cluster has no snapshot CRDs.
  for (const file of [
    'clusterrole-attacher.yaml',
    'clusterrole-csi-node.yaml',
    'clusterrole-provisioner.yaml',
    'clusterrole-resizer.yaml',
    'role-leases.yaml',
  ])
    it(`grants the RBAC rules of ${file}, rule for rule`, () => {
      const role = upstream(file);
      expect(find(role.kind, role.metadata.name).rules).toEqual(role.rules);
    });

  it('lets the node plugin read and patch Node objects (its metadata when IMDS is out of reach)', () => {
    const verbs = find('ClusterRole', 'ebs-csi-node-role')
      .rules!.filter((rule) => rule.resources.includes('nodes'))
      .flatMap((rule) => rule.verbs);
    expect(verbs.sort()).toEqual(['get', 'list', 'patch', 'watch']);
  });

  it('declares the CSIDriver as upstream does', () => {
    expect(find('CSIDriver', 'ebs.csi.aws.com').spec).toEqual(upstream('csidriver.yaml').spec);
  });

  for (const [kind, file] of [
    ['Deployment', 'controller.yaml'],
    ['DaemonSet', 'node.yaml'],
  ] as const)
    it(`runs ${file}'s containers with its sidecar images and arguments`, () => {
      const theirs = containers(upstream(file));
      const mine = containers(find(kind, upstream(file).metadata.name));
      // No snapshot CRDs, so no snapshotter.
      delete theirs['csi-snapshotter'];
      expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort());
      for (const [name, container] of Object.entries(theirs)) {
        if (name === 'ebs-plugin') {
          // Upstream's base names an older image (its overlays set the release's); kustomize's user
          // agent is not ours; the cluster id tags every volume for this cluster's teardown.
          const expected = (container.args ?? []).filter((arg) => arg !== '--user-agent-extra=kustomize');
          if (kind === 'Deployment') expected.splice(3, 0, '--k8s-tag-cluster-id=kubernetes');
          expect(mine[name]!.args, name).toEqual(expected);
          continue;
        }
        expect(mine[name]!.image, name).toBe(container.image);
        expect(mine[name]!.args, name).toEqual(container.args);
      }
    });
});

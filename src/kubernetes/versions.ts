// Every image the add-ons run, pinned. Nothing is resolved at build or boot time except the
// Kubernetes patch release of the chosen minor (pkgs.k8s.io / Flatcar's sysext feed pick the newest).
// When bumping one, check the tag exists in the registry: a GitHub release is not proof of an image.

export const IMAGES = {
  flannel: 'ghcr.io/flannel-io/flannel:v0.27.4',
  flannelCniPlugin: 'ghcr.io/flannel-io/flannel-cni-plugin:v1.8.0-flannel1',
  ebsCsiDriver: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.61.1',
  csiProvisioner: 'public.ecr.aws/csi-components/csi-provisioner:v6.2.0-eksbuild.7',
  csiAttacher: 'public.ecr.aws/csi-components/csi-attacher:v4.12.0-eksbuild.2',
  csiResizer: 'public.ecr.aws/csi-components/csi-resizer:v2.2.0-eksbuild.2',
  csiLivenessProbe: 'public.ecr.aws/csi-components/livenessprobe:v2.19.0-eksbuild.2',
  csiNodeDriverRegistrar: 'public.ecr.aws/csi-components/csi-node-driver-registrar:v2.17.0-eksbuild.2',
  metricsServer: 'registry.k8s.io/metrics-server/metrics-server:v0.8.1',
  fluentBit: 'cr.fluentbit.io/fluent/fluent-bit:4.1.1',
  elasticsearch: 'docker.elastic.co/elasticsearch/elasticsearch:8.19.18',
  kibana: 'docker.elastic.co/kibana/kibana:8.19.18',
} as const;

/**
 * The AWS cloud controller manager per Kubernetes minor. Not every GitHub release of
 * cloud-provider-aws has an image on registry.k8s.io (v1.36.x and v1.35.3 had none in mid-2026), so
 * newer minors run the newest published one: the CCM talks to long-stable APIs (Nodes, Services, ELB).
 */
const CLOUD_CONTROLLER_MANAGER: Record<string, string> = {
  '1.34': 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.34.0',
};
const CLOUD_CONTROLLER_MANAGER_NEWEST = 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.35.2';

export function cloudControllerManagerImage(kubernetesVersion: string): string {
  return CLOUD_CONTROLLER_MANAGER[kubernetesMinor(kubernetesVersion)] ?? CLOUD_CONTROLLER_MANAGER_NEWEST;
}

/** "1.36", "v1.36" or "1.36.2" -> "1.36". */
export function kubernetesMinor(version: string): string {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  if (!match) throw new Error(`Kubernetes version "${version}" is not of the form 1.NN`);
  return `${match[1]}.${match[2]}`;
}

// The add-ons the master applies after kubeadm init, in order, for the chosen options.
import type { ClusterConfig } from '../../model/config.js';
import { cloudControllerManagerManifest } from './cloud-controller-manager.js';
import { ebsCsiManifest } from './ebs-csi.js';
import { flannelManifest } from './flannel.js';
import { fluentBitManifest } from './fluent-bit.js';
import { clusterLoggingManifest } from './logging.js';
import { metricsServerManifest } from './metrics-server.js';

export interface AddonManifest {
  /** File name in the bundle; the numeric prefix is the apply order. */
  file: string;
  body: string;
}

export type AddonOptions = Pick<
  ClusterConfig,
  | 'name'
  | 'region'
  | 'kubernetesVersion'
  | 'monitoring'
  | 'nodeLogging'
  | 'loggingDestination'
  | 'clusterLogging'
>;

/** Node logging to Elasticsearch needs the in-cluster Elasticsearch; without it Fluent Bit is left out. */
export function shipsNodeLogs(options: AddonOptions): boolean {
  return options.nodeLogging && (options.loggingDestination === 'cloudwatch' || options.clusterLogging);
}

/** Warnings about option combinations, each naming the option (for the plan's warnings). */
export function addonWarnings(options: AddonOptions): string[] {
  if (options.nodeLogging && options.loggingDestination === 'elasticsearch' && !options.clusterLogging) {
    return [
      'node logging: logging destination "elasticsearch" needs cluster logging (the in-cluster Elasticsearch); node logging is skipped',
    ];
  }
  return [];
}

export function addonManifests(options: AddonOptions): AddonManifest[] {
  const manifests: AddonManifest[] = [
    { file: '10-flannel.yaml', body: flannelManifest() },
    {
      file: '20-aws-cloud-controller-manager.yaml',
      body: cloudControllerManagerManifest(options.name, options.kubernetesVersion),
    },
    { file: '30-aws-ebs-csi-driver.yaml', body: ebsCsiManifest(options.name, options.region) },
  ];
  if (options.monitoring === 'metrics-server') {
    manifests.push({ file: '40-metrics-server.yaml', body: metricsServerManifest() });
  }
  if (options.clusterLogging) {
    manifests.push({ file: '50-elasticsearch-kibana.yaml', body: clusterLoggingManifest() });
  }
  if (shipsNodeLogs(options)) {
    manifests.push({
      file: '60-fluent-bit.yaml',
      body: fluentBitManifest({
        cluster: options.name,
        region: options.region,
        destination: options.loggingDestination,
      }),
    });
  }
  return manifests;
}

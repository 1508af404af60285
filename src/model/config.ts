// The cluster options of DESIGN.md section 3 as one typed value, with their defaults. Each field has
// its entry in option-table.ts (flag, variables, parsing, checks, wizard prompt); resolution from
// flags, kube-up's environment and remembered choices lives in options.ts; live checks against AWS
// in aws/plan.ts.
import type { NodeZones } from './zones.js';

export const OS_DISTRIBUTIONS = [
  'ubuntu-24.04',
  'ubuntu-22.04',
  'debian-12',
  'debian-13',
  'al2023',
  'flatcar',
] as const;
export type OsDistribution = (typeof OS_DISTRIBUTIONS)[number];

export const MONITORING_OPTIONS = ['metrics-server', 'none'] as const;
export type Monitoring = (typeof MONITORING_OPTIONS)[number];

export const LOGGING_DESTINATIONS = ['elasticsearch', 'cloudwatch'] as const;
export type LoggingDestination = (typeof LOGGING_DESTINATIONS)[number];

export const DISK_TYPES = ['gp3', 'gp2'] as const;
export type DiskType = (typeof DISK_TYPES)[number];

export interface ClusterConfig {
  /** kube-up's KUBE_AWS_INSTANCE_PREFIX / CLUSTER_ID. */
  name: string;
  region: string;
  zone: string;
  os: OsDistribution;
  /** An image id for every instance instead of the OS lookup (KUBE_NODE_IMAGE). */
  image?: string;
  masterSize: string;
  nodeSize: string;
  nodes: number;
  masterDiskType: DiskType;
  /** GiB. */
  masterDiskSize: number;
  /** The master's root disk (kube-up's MASTER_ROOT_DISK_TYPE / _SIZE); GiB, at least the image's. */
  masterRootDiskType: DiskType;
  masterRootDiskSize: number;
  /** Each node's root disk (kube-up's NODE_ROOT_DISK_TYPE / _SIZE); GiB, at least the image's. */
  nodeRootDiskType: DiskType;
  nodeRootDiskSize: number;
  /** The user's own staging bucket (AWS_S3_BUCKET); undefined: kube-tui makes and owns one. */
  bucket?: string;
  bucketRegion?: string;
  /** Path of the private SSH key; `<path>.pub` is the public half. */
  sshKey: string;
  monitoring: Monitoring;
  nodeLogging: boolean;
  loggingDestination: LoggingDestination;
  clusterLogging: boolean;
  vpcId?: string;
  subnetId?: string;
  subnetCidr?: string;
  /** undefined: the caller's public IP /32 when it can be learned, else 0.0.0.0/0 with a warning. */
  sshCidr?: string;
  apiCidr?: string;
  /**
   * kube-up's ENABLE_NODE_PUBLIC_IP: always true here. Nodes reach the internet through the internet
   * gateway, which needs a public IP; without one they would need a NAT gateway, which kube-tui does
   * not make (the option refuses false and says so).
   */
  nodePublicIp: boolean;
  /** Spot nodes, their price capped at the on-demand price, unless nodeSpotPrice sets a cap of its own. */
  nodeSpot: boolean;
  /**
   * kube-up's NODE_SPOT_PRICE: spot nodes at most this many USD per hour (given alone, it makes the
   * nodes spot, as kube-up's did). undefined: no cap of its own.
   */
  nodeSpotPrice?: number;
  /**
   * The zones with nodes (`--node-zones`, MULTIZONE, KUBE_USE_EXISTING_MASTER): one subnet and one
   * group of `nodes` nodes per zone. undefined: the master's zone only. model/zones.ts reads it.
   */
  nodeZones?: NodeZones;
  /** Minor version, e.g. "1.36". */
  kubernetesVersion: string;
  /**
   * Where instances get the Kubernetes packages: a mirror of pkgs.k8s.io's `core:/stable:` tree
   * (`<mirror>/v1.36/deb/`, `<mirror>/v1.36/rpm/`). undefined: pkgs.k8s.io itself.
   */
  packageMirror?: string;
  /** How long the cluster lives (`8h`, `7d`): tagged on its resources as a deadline. undefined: never. */
  ttl?: string;
  /** Tag every resource `kube-tui/protect=true`: no teardown touches the cluster until it is removed. */
  protect: boolean;
}

/** pkgs.k8s.io's tree of stable Kubernetes packages, one deb and one rpm repository per minor. */
export const KUBERNETES_PACKAGES_URL = 'https://pkgs.k8s.io/core:/stable:';

export const DEFAULT_KUBERNETES_VERSION = '1.36';

/**
 * The minors kube-tui can build: pkgs.k8s.io and Flatcar's sysext feed publish their packages, and
 * the add-on manifests (the cloud controller manager above all, see kubernetes/versions.ts) were
 * checked against them. Older minors are out of upstream support; newer ones are unchecked.
 */
export const SUPPORTED_KUBERNETES_MINORS = ['1.34', '1.35', '1.36'] as const;

/** Defaults of DESIGN.md section 3 (the SSH key path is made absolute against HOME when resolved). */
export const DEFAULT_CONFIG: Omit<ClusterConfig, 'sshKey'> = {
  name: 'kubernetes',
  region: 'us-west-2',
  zone: 'us-west-2a',
  os: 'ubuntu-24.04',
  masterSize: 't3.medium',
  nodeSize: 't3.medium',
  nodes: 2,
  masterDiskType: 'gp3',
  masterDiskSize: 20,
  masterRootDiskType: 'gp3',
  masterRootDiskSize: 32,
  nodeRootDiskType: 'gp3',
  nodeRootDiskSize: 32,
  monitoring: 'metrics-server',
  nodeLogging: true,
  loggingDestination: 'elasticsearch',
  clusterLogging: true,
  nodePublicIp: true,
  nodeSpot: false,
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  protect: false,
};

export const DEFAULT_SSH_KEY = '~/.ssh/kube_aws_rsa';

export const CLUSTER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,27}$/;

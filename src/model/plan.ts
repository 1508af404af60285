// A cluster's resolved plan: every option concrete, the eleven steps with the resources each will
// make, and the warnings. Made by aws/plan.ts with read-only calls; printed by `up --dry-run`,
// shown on the Review screen, and executed by aws/provision.ts.

import type { ClusterConfig } from './config.js';
import type { StepId } from './events.js';
import type { PermissionCheck } from './permissions.js';
import type { ResourceType } from './resource-types.js';
import type { ZoneTarget } from './zones.js';

export interface ResolvedConfig extends ClusterConfig {
  /** The image every instance boots (looked up, or KUBE_NODE_IMAGE). */
  image: string;
  bucket: string;
  bucketRegion: string;
  sshCidr: string;
  apiCidr: string;
}

export interface InstanceTypeInfo {
  name: string;
  vcpus: number;
  memoryMiB: number;
  architecture: 'x86_64' | 'arm64';
}

export interface ImageInfo {
  id: string;
  name: string;
  ownerId: string;
  architecture: string;
  rootDeviceName: string;
  /** The size of the root device's snapshot (GiB): no root disk may be smaller. */
  rootSnapshotGiB?: number;
  creationDate?: string;
}

export interface PlannedResource {
  type: ResourceType;
  name: string;
}

export interface PlannedStep {
  /** 1..11, the seed's order. */
  step: number;
  id: StepId;
  title: string;
  resources: PlannedResource[];
}

export interface ClusterPlan {
  config: ResolvedConfig;
  accountId: string;
  /** True when the bucket is kube-tui's own (created and deleted by it), false for AWS_S3_BUCKET. */
  ownsBucket: boolean;
  masterType: InstanceTypeInfo;
  nodeType: InstanceTypeInfo;
  imageInfo: ImageInfo;
  /** The key pair name when the SSH key exists already; a new key's name is known only once made. */
  keyPairName?: string;
  /** The internet gateway already attached to VPC_ID's VPC: reused, never made. */
  internetGatewayId?: string;
  /** 172.20.0.9, or base + 9 of a subnet given by SUBNET_ID / KUBE_SUBNET_CIDR. */
  masterPrivateIp: string;
  /** The subnet CIDR to create (undefined when SUBNET_ID names an existing subnet). */
  subnetCidr?: string;
  /**
   * The zones with nodes besides the master's, each with its subnet and group (empty: the master's
   * zone only). Every zone's group has `config.nodes` nodes.
   */
  extraZones: ZoneTarget[];
  steps: PlannedStep[];
  /**
   * Spot nodes only: the node type's latest Linux spot price (USD/hour), read while planning, as the
   * mean over the nodes' zones (each runs as many nodes, so it prices them all); undefined when a
   * zone's could not be read ("spot price unknown", never $0).
   */
  nodeSpotNowUsd?: number;
  /** Spot nodes only: each node zone's price now, when every one was read. */
  nodeSpotNowByZone?: Record<string, number>;
  /** Each names the value it is about. */
  warnings: string[];
  /** The caller's permissions for up and down, simulated while planning (missing ones refuse the plan). */
  permissions?: PermissionCheck;
  /** `--ttl`'s deadline, RFC 3339, counted from when the plan was made: the `kube-tui/expires-at` tag. */
  expiresAt?: string;
  /** True against an emulator endpoint: validation stops at "instances running" (nothing boots there). */
  emulator: boolean;
}

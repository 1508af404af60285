// The resource types of DESIGN.md section 4, as they appear in every JSON document and event.
export const RESOURCE_TYPES = [
  's3-bucket',
  'iam-role',
  'iam-instance-profile',
  'key-pair',
  'vpc',
  'subnet',
  'internet-gateway',
  'route-table',
  'security-group',
  'volume',
  'elastic-ip',
  'instance',
  'launch-template',
  'launch-configuration',
  'auto-scaling-group',
  'dhcp-options',
  'load-balancer',
  'log-group',
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * A resource as events and JSON name it. `id` is the AWS id (the allocation id for an Elastic IP);
 * key pairs, roles, profiles, buckets, launch configurations and Auto Scaling groups use their name.
 */
export interface ResourceRef {
  type: ResourceType;
  id: string;
  name?: string;
}

/** A resource's tags as a map (AWS lists them as Key/Value pairs). */
export type TagMap = Record<string, string>;

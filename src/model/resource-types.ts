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

/** The words the screens show for a type: a short label for narrow columns, and nouns for counts. */
export interface ResourceLabels {
  short: string;
  singular: string;
  plural: string;
}

/**
 * Beside the types, not in their kinds' modules, because the screens read them and may not import
 * the engine; the registry's test checks every kind has its line.
 */
export const RESOURCE_LABELS: Record<ResourceType, ResourceLabels> = {
  's3-bucket': { short: 'bucket', singular: 'bucket', plural: 'buckets' },
  'iam-role': { short: 'role', singular: 'role', plural: 'roles' },
  'iam-instance-profile': { short: 'profile', singular: 'instance profile', plural: 'instance profiles' },
  'key-pair': { short: 'key', singular: 'key pair', plural: 'key pairs' },
  vpc: { short: 'vpc', singular: 'vpc', plural: 'vpcs' },
  subnet: { short: 'subnet', singular: 'subnet', plural: 'subnets' },
  'internet-gateway': { short: 'igw', singular: 'internet gateway', plural: 'internet gateways' },
  'route-table': { short: 'rtb', singular: 'route table', plural: 'route tables' },
  'security-group': { short: 'sg', singular: 'security group', plural: 'security groups' },
  volume: { short: 'vol', singular: 'volume', plural: 'volumes' },
  'elastic-ip': { short: 'eip', singular: 'elastic IP', plural: 'elastic IPs' },
  instance: { short: 'inst', singular: 'instance', plural: 'instances' },
  'launch-template': { short: 'lt', singular: 'launch template', plural: 'launch templates' },
  'launch-configuration': { short: 'lc', singular: 'launch config', plural: 'launch configs' },
  'auto-scaling-group': { short: 'asg', singular: 'auto scaling group', plural: 'auto scaling groups' },
  'dhcp-options': { short: 'dhcp', singular: 'dhcp options', plural: 'dhcp options' },
  'load-balancer': { short: 'lb', singular: 'load balancer', plural: 'load balancers' },
  'log-group': { short: 'logs', singular: 'log group', plural: 'log groups' },
};

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

// Inline policies of the master and node roles: upstream's documented policies, pinned by tag,
// plus what the bootstrap needs (its S3 prefix, ECR, CloudWatch Logs when chosen), instead of
// kube-up's `ec2:*` and `s3:*`. test/unit/iam-policies.test.ts compares them with copies of
// upstream's documents at these tags (test/support/upstream/).

import { statusPrefix } from '../kubernetes/status.js';
import { bundlePrefixes } from '../model/bundle-layout.js';
import type { ResolvedConfig } from '../model/plan.js';
import { clusterNames } from './naming.js';

/** kubernetes/cloud-provider-aws docs/prerequisites.md: the newest CCM image the add-on runs. */
export const CLOUD_PROVIDER_AWS_POLICY_TAG = 'v1.35.2';
/** kubernetes-sigs/aws-ebs-csi-driver docs/example-iam-policy.json: the driver image's tag. */
export const EBS_CSI_DRIVER_POLICY_TAG = 'v1.61.1';

type Condition = Record<string, Record<string, string | string[]>>;

interface Statement {
  Sid?: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Condition;
}

export const EC2_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/**
 * Upstream's control plane policy still lists these, on every volume, from the in-tree volume
 * plugin; the external cloud controller manager never calls them (at the tag, only its fakes
 * implement them). The EBS CSI driver does, and its statements grant them on volumes, instances
 * and snapshots, with its tag conditions for create and delete.
 */
export const CLOUD_CONTROLLER_VOLUME_ACTIONS = [
  'ec2:AttachVolume',
  'ec2:CreateVolume',
  'ec2:DeleteVolume',
  'ec2:DetachVolume',
  'ec2:ModifyVolume',
];

// cloud-provider-aws CLOUD_PROVIDER_AWS_POLICY_TAG, "Control Plane Policy", without the volume
// actions above (and without its second elasticloadbalancing:AddTags).
const CLOUD_CONTROLLER_ACTIONS = [
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeLaunchConfigurations',
  'autoscaling:DescribeTags',
  'ec2:DescribeInstances',
  'ec2:DescribeRegions',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVolumes',
  'ec2:DescribeAvailabilityZones',
  'ec2:CreateSecurityGroup',
  'ec2:CreateTags',
  'ec2:ModifyInstanceAttribute',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateRoute',
  'ec2:DeleteRoute',
  'ec2:DeleteSecurityGroup',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:DescribeVpcs',
  'ec2:DescribeInstanceTopology',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:AttachLoadBalancerToSubnets',
  'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateLoadBalancerPolicy',
  'elasticloadbalancing:CreateLoadBalancerListeners',
  'elasticloadbalancing:ConfigureHealthCheck',
  'elasticloadbalancing:DeleteLoadBalancer',
  'elasticloadbalancing:DeleteLoadBalancerListeners',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DetachLoadBalancerFromSubnets',
  'elasticloadbalancing:DeregisterInstancesFromLoadBalancer',
  'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:RegisterInstancesWithLoadBalancer',
  'elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:DeleteTargetGroup',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyTargetGroup',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:SetLoadBalancerPoliciesOfListener',
  'iam:CreateServiceLinkedRole',
  'kms:DescribeKey',
];

// cloud-provider-aws CLOUD_PROVIDER_AWS_POLICY_TAG, "Node Policy", as written.
const CLOUD_PROVIDER_NODE: Statement = {
  Effect: 'Allow',
  Action: [
    'ec2:DescribeInstances',
    'ec2:DescribeRegions',
    'ecr:GetAuthorizationToken',
    'ecr:BatchCheckLayerAvailability',
    'ecr:GetDownloadUrlForLayer',
    'ecr:GetRepositoryPolicy',
    'ecr:DescribeRepositories',
    'ecr:ListImages',
    'ecr:BatchGetImage',
  ],
  Resource: '*',
};

// aws-ebs-csi-driver EBS_CSI_DRIVER_POLICY_TAG docs/example-iam-policy.json, statement for
// statement (the controller runs on the master only).
const EBS_CSI_DRIVER: Statement[] = [
  {
    Effect: 'Allow',
    Action: [
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeInstances',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeSnapshots',
      'ec2:DescribeTags',
      'ec2:DescribeVolumes',
      'ec2:DescribeVolumesModifications',
      'ec2:DescribeVolumeStatus',
    ],
    Resource: '*',
  },
  {
    Effect: 'Allow',
    Action: ['ec2:CreateSnapshot', 'ec2:ModifyVolume'],
    Resource: 'arn:aws:ec2:*:*:volume/*',
  },
  {
    Effect: 'Allow',
    Action: ['ec2:CopyVolumes'],
    Resource: ['arn:aws:ec2:*:*:volume/vol-*'],
  },
  {
    Effect: 'Allow',
    Action: ['ec2:AttachVolume', 'ec2:DetachVolume'],
    Resource: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:instance/*'],
  },
  {
    Effect: 'Allow',
    Action: ['ec2:CreateVolume', 'ec2:EnableFastSnapshotRestores'],
    Resource: 'arn:aws:ec2:*:*:snapshot/*',
  },
  {
    Effect: 'Allow',
    Action: ['ec2:CreateTags'],
    Resource: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:snapshot/*'],
    Condition: {
      StringEquals: {
        'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'CopyVolumes'],
      },
    },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:DeleteTags'],
    Resource: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:snapshot/*'],
  },
  {
    Effect: 'Allow',
    Action: ['ec2:CreateVolume', 'ec2:CopyVolumes'],
    Resource: 'arn:aws:ec2:*:*:volume/*',
    Condition: {
      StringLike: {
        'aws:RequestTag/ebs.csi.aws.com/cluster': 'true',
      },
    },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:CreateVolume', 'ec2:CopyVolumes'],
    Resource: 'arn:aws:ec2:*:*:volume/*',
    Condition: {
      StringLike: {
        'aws:RequestTag/CSIVolumeName': '*',
      },
    },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:DeleteVolume'],
    Resource: 'arn:aws:ec2:*:*:volume/*',
    Condition: {
      StringLike: {
        'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true',
      },
    },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:DeleteVolume'],
    Resource: 'arn:aws:ec2:*:*:volume/*',
    Condition: {
      StringLike: {
        'ec2:ResourceTag/CSIVolumeName': '*',
      },
    },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:DeleteVolume'],
    Resource: 'arn:aws:ec2:*:*:volume/*',
    Condition: {
      StringLike: {
        'ec2:ResourceTag/kubernetes.io/created-for/pvc/name': '*',
      },
    },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:CreateSnapshot'],
    Resource: 'arn:aws:ec2:*:*:snapshot/*',
    Condition: {
      StringLike: {
        'aws:RequestTag/CSIVolumeSnapshotName': '*',
      },
    },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:CreateSnapshot'],
    Resource: 'arn:aws:ec2:*:*:snapshot/*',
    Condition: {
      StringLike: {
        'aws:RequestTag/ebs.csi.aws.com/cluster': 'true',
      },
    },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:DeleteSnapshot', 'ec2:LockSnapshot'],
    Resource: 'arn:aws:ec2:*:*:snapshot/*',
    Condition: {
      StringLike: {
        'ec2:ResourceTag/CSIVolumeSnapshotName': '*',
      },
    },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:DeleteSnapshot', 'ec2:LockSnapshot'],
    Resource: 'arn:aws:ec2:*:*:snapshot/*',
    Condition: {
      StringLike: {
        'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true',
      },
    },
  },
];

const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

function logStatement(config: ResolvedConfig, accountId: string): Statement[] {
  if (!(config.nodeLogging && config.loggingDestination === 'cloudwatch')) return [];
  const group = clusterNames(config.name, config.region).logGroup;
  return [
    {
      Sid: 'ShipLogsToCloudWatch',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: `arn:aws:logs:${config.region}:${accountId}:log-group:${group}:*`,
    },
  ];
}

function policy(statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export function masterPolicy(config: ResolvedConfig, accountId: string): string {
  const keys = bundlePrefixes(config.name);
  return policy([
    { Sid: 'CloudControllerManager', Effect: 'Allow', Action: CLOUD_CONTROLLER_ACTIONS, Resource: '*' },
    ...EBS_CSI_DRIVER.map((statement, index) => ({ Sid: `EbsCsiDriver${index + 1}`, ...statement })),
    // The master is a node too: the kubelet's image pulls, as upstream's node policy has them.
    { Sid: 'CloudProviderNode', ...CLOUD_PROVIDER_NODE },
    {
      Sid: 'ReadBundle',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [objectArn(config.bucket, `${keys.master}*`), objectArn(config.bucket, `${keys.nodes}*`)],
    },
    // The daily token refresh: the only object of the bundle the master may write.
    {
      Sid: 'WriteNodeToken',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: objectArn(config.bucket, keys.token),
    },
    // Its boot status: only the master's status prefix.
    {
      Sid: 'ReportBootStatus',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: objectArn(config.bucket, `${statusPrefix(config.name, 'master')}*`),
    },
    ...logStatement(config, accountId),
  ]);
}

/** No EC2 write at all: a pod that got these credentials could not move or delete a volume. */
export function nodePolicy(config: ResolvedConfig, accountId: string): string {
  const keys = bundlePrefixes(config.name);
  return policy([
    { Sid: 'CloudProviderNode', ...CLOUD_PROVIDER_NODE },
    // Never the master prefix: that holds the CA key.
    {
      Sid: 'ReadNodeBundle',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: objectArn(config.bucket, `${keys.nodes}*`),
    },
    // Its boot status: only the nodes' status prefix.
    {
      Sid: 'ReportBootStatus',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: objectArn(config.bucket, `${statusPrefix(config.name, 'node')}*`),
    },
    ...logStatement(config, accountId),
  ]);
}

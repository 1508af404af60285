// Inline policies of the master and node roles: what the AWS cloud controller manager and the EBS
// CSI driver document, plus the bundle in S3, instead of kube-up's `ec2:*` and `s3:*`.

import { statusPrefix } from '../kubernetes/status.js';
import type { ResolvedConfig } from '../state/plan.js';
import { bundlePrefixes, clusterNames } from './naming.js';

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

export const EC2_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

// kubernetes/cloud-provider-aws docs/prerequisites.md (control plane).
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
  'ec2:DescribeVpcs',
  'ec2:DescribeInstanceTopology',
  'ec2:CreateSecurityGroup',
  'ec2:CreateTags',
  'ec2:CreateVolume',
  'ec2:ModifyInstanceAttribute',
  'ec2:ModifyVolume',
  'ec2:AttachVolume',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateRoute',
  'ec2:DeleteRoute',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteVolume',
  'ec2:DetachVolume',
  'ec2:RevokeSecurityGroupIngress',
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

// The AWS EBS CSI driver's controller (AmazonEBSCSIDriverPolicy), which runs on the master.
const EBS_CSI_ACTIONS = [
  'ec2:CreateSnapshot',
  'ec2:DeleteSnapshot',
  'ec2:DescribeSnapshots',
  'ec2:DescribeTags',
  'ec2:DescribeVolumesModifications',
  'ec2:EnableFastSnapshotRestores',
];

const ECR_READ_ACTIONS = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'ecr:DescribeRepositories',
  'ecr:ListImages',
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
    { Sid: 'EbsCsiDriver', Effect: 'Allow', Action: EBS_CSI_ACTIONS, Resource: '*' },
    { Sid: 'PullImages', Effect: 'Allow', Action: ECR_READ_ACTIONS, Resource: '*' },
    {
      Sid: 'ReadBundle',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [objectArn(config.bucket, `${keys.master}*`), objectArn(config.bucket, `${keys.nodes}*`)],
    },
    // The daily token refresh: the only object the master may write.
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

export function nodePolicy(config: ResolvedConfig, accountId: string): string {
  const keys = bundlePrefixes(config.name);
  return policy([
    {
      Sid: 'DescribeAndVolumes',
      Effect: 'Allow',
      Action: ['ec2:Describe*', 'ec2:AttachVolume', 'ec2:DetachVolume'],
      Resource: '*',
    },
    { Sid: 'PullImages', Effect: 'Allow', Action: ECR_READ_ACTIONS, Resource: '*' },
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

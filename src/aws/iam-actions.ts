// Maps an SDK command to the IAM action a policy must allow, so AccessDenied can name it.
export type ServiceName =
  | 'ec2'
  | 'autoscaling'
  | 's3'
  | 'iam'
  | 'sts'
  | 'elasticloadbalancing'
  | 'elbv2'
  | 'logs';

// S3's IAM actions do not follow the operation names.
const S3_ACTIONS: Record<string, string> = {
  HeadBucket: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  DeleteObjects: 'DeleteObject',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  ListBuckets: 'ListAllMyBuckets',
  HeadObject: 'GetObject',
};

export function iamActionFor(service: ServiceName, operation: string): string {
  switch (service) {
    case 's3':
      return `s3:${S3_ACTIONS[operation] ?? operation}`;
    case 'elbv2':
      return `elasticloadbalancing:${operation}`;
    default:
      return `${service}:${operation}`;
  }
}

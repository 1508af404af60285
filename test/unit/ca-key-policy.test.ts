// Who may read the cluster's CA key: only the master role and the account that owns the bucket,
// whatever an identity policy in the account grants. Evaluated as IAM does, from the documents
// kube-tui writes (moto cannot: it ignores every condition operator but StringEquals).
import { describe, expect, it } from 'vitest';
import { masterPolicy, nodePolicy } from '../../src/aws/iam-policies.js';
import { stagingBucketPolicy } from '../../src/aws/resources/s3-bucket.js';
import { ACCOUNT_ID, type PolicyRequest, resolvedConfig, sameAccountMay } from '../support/policy.js';

const config = resolvedConfig();
const masterRoleArn = `arn:aws:iam::${ACCOUNT_ID}:role/kubernetes-master-kubernetes-us-west-2`;
const nodeRoleArn = `arn:aws:iam::${ACCOUNT_ID}:role/kubernetes-minion-kubernetes-us-west-2`;
const bucketPolicy = stagingBucketPolicy({
  bucket: config.bucket,
  cluster: config.name,
  region: config.region,
  accountId: ACCOUNT_ID,
});
const object = (key: string) => `arn:aws:s3:::${config.bucket}/${key}`;
const ADMIN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
});

const read = (principalArn: string, key: string, secureTransport = true): PolicyRequest => ({
  principalArn,
  action: 's3:GetObject',
  resource: object(key),
  secureTransport,
});

describe('the staging bucket policy', () => {
  it('lets the master role and the bucket owner read the CA key, and nobody else', () => {
    const caKey = 'kubernetes/master/pki/ca.key';
    expect(
      sameAccountMay(read(masterRoleArn, caKey), {
        bucketPolicy,
        identityPolicy: masterPolicy(config, ACCOUNT_ID),
      }),
    ).toBe(true);
    expect(sameAccountMay(read(`arn:aws:iam::${ACCOUNT_ID}:root`, caKey), { bucketPolicy })).toBe(true);
    // The node role, and an administrator of the account whose own policy allows s3:* on everything.
    expect(
      sameAccountMay(read(nodeRoleArn, caKey), {
        bucketPolicy,
        identityPolicy: nodePolicy(config, ACCOUNT_ID),
      }),
    ).toBe(false);
    expect(sameAccountMay(read(nodeRoleArn, caKey), { bucketPolicy, identityPolicy: ADMIN_POLICY })).toBe(
      false,
    );
    for (const other of [
      `arn:aws:iam::${ACCOUNT_ID}:user/admin`,
      `arn:aws:iam::${ACCOUNT_ID}:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef`,
      `arn:aws:iam::${ACCOUNT_ID}:role/kubernetes-master-other-us-west-2`,
    ])
      expect(sameAccountMay(read(other, caKey), { bucketPolicy, identityPolicy: ADMIN_POLICY }), other).toBe(
        false,
      );
  });

  it('still lets nodes read their bundle and the administrator upload and delete the master prefix', () => {
    expect(
      sameAccountMay(read(nodeRoleArn, 'kubernetes/nodes/token'), {
        bucketPolicy,
        identityPolicy: nodePolicy(config, ACCOUNT_ID),
      }),
    ).toBe(true);
    for (const action of ['s3:PutObject', 's3:DeleteObject'])
      expect(
        sameAccountMay(
          {
            principalArn: `arn:aws:iam::${ACCOUNT_ID}:user/admin`,
            action,
            resource: object('kubernetes/master/pki/ca.key'),
            secureTransport: true,
          },
          { bucketPolicy, identityPolicy: ADMIN_POLICY },
        ),
        action,
      ).toBe(true);
  });

  it('refuses every request that does not use TLS, even the master role', () => {
    expect(
      sameAccountMay(read(masterRoleArn, 'kubernetes/master/pki/ca.key', false), {
        bucketPolicy,
        identityPolicy: masterPolicy(config, ACCOUNT_ID),
      }),
    ).toBe(false);
  });
});

// The instance roles against upstream's documented policies, checked in under test/support/upstream
// from kubernetes/cloud-provider-aws and kubernetes-sigs/aws-ebs-csi-driver at the pinned tags.
import { describe, expect, it } from 'vitest';
import {
  CLOUD_CONTROLLER_VOLUME_ACTIONS,
  CLOUD_PROVIDER_AWS_POLICY_TAG,
  EBS_CSI_DRIVER_POLICY_TAG,
  masterPolicy,
  nodePolicy,
} from '../../src/aws/iam-policies.js';
import { KUBELET_SERVING_APPROVER_ACTIONS } from '../../src/kubernetes/bootstrap/kubelet-serving.js';
import { IMAGES } from '../../src/kubernetes/versions.js';
import {
  ACCOUNT_ID,
  actions,
  list,
  type PolicyStatement,
  resolvedConfig,
  statements,
  upstreamPolicy,
} from '../support/policy.js';

const config = resolvedConfig();
const cloudwatch = resolvedConfig({ nodeLogging: true, loggingDestination: 'cloudwatch' });
const bucketArn = `arn:aws:s3:::${config.bucket}`;
const caKeyArn = `${bucketArn}/kubernetes/master/pki/ca.key`;

const upstreamNode = upstreamPolicy(`cloud-provider-aws-${CLOUD_PROVIDER_AWS_POLICY_TAG}-node-policy.json`);
const upstreamControlPlane = upstreamPolicy(
  `cloud-provider-aws-${CLOUD_PROVIDER_AWS_POLICY_TAG}-control-plane-policy.json`,
);
const upstreamEbsCsi = upstreamPolicy(
  `aws-ebs-csi-driver-${EBS_CSI_DRIVER_POLICY_TAG}-example-iam-policy.json`,
);

const withoutSid = ({ Sid: _sid, ...rest }: PolicyStatement) => rest;

/** An IAM resource pattern (`*` and `?` wildcards) as a regular expression. */
const covers = (pattern: string, arn: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  ).test(arn);

/** The status objects each instance writes about itself (the bootstrap's progress): tolerated, not required. */
const isOwnStatusWrite = (statement: PolicyStatement, role: 'master' | 'nodes') =>
  actions([statement]).every((action) => action === 's3:PutObject') &&
  list(statement.Resource).every((resource) => resource === `${bucketArn}/kubernetes/status/${role}/*`);

describe('the node role', () => {
  it(`is cloud-provider-aws ${CLOUD_PROVIDER_AWS_POLICY_TAG}'s node policy, plus reading its own bundle prefix`, () => {
    const node = statements(nodePolicy(config, ACCOUNT_ID)).filter((s) => !isOwnStatusWrite(s, 'nodes'));
    expect(node.map(withoutSid)).toEqual([
      ...upstreamNode.Statement,
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${bucketArn}/kubernetes/nodes/*` },
    ]);
  });

  it('ships logs to the cluster log group only when CloudWatch is chosen', () => {
    const node = statements(nodePolicy(cloudwatch, ACCOUNT_ID)).filter((s) => !isOwnStatusWrite(s, 'nodes'));
    expect(node.map(withoutSid).slice(upstreamNode.Statement.length + 1)).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: `arn:aws:logs:us-west-2:${ACCOUNT_ID}:log-group:/kube-tui/kubernetes:*`,
      },
    ]);
    expect(actions(nodePolicy(config, ACCOUNT_ID)).filter((a) => a.startsWith('logs:'))).toEqual([]);
  });

  it('can neither move a volume nor change anything in EC2, nor read the CA key', () => {
    for (const choice of [config, cloudwatch]) {
      const policy = nodePolicy(choice, ACCOUNT_ID);
      const granted = actions(policy);
      expect(granted).not.toContain('ec2:AttachVolume');
      expect(granted).not.toContain('ec2:DetachVolume');
      expect(
        granted.filter((action) => action.startsWith('ec2:') && !action.startsWith('ec2:Describe')),
      ).toEqual([]);
      expect(granted.filter((action) => action.includes('*'))).toEqual([]);
      const s3Statements = statements(policy).filter((statement) =>
        actions([statement]).some((action) => action.startsWith('s3:')),
      );
      for (const statement of s3Statements)
        for (const resource of list(statement.Resource)) expect(covers(resource, caKeyArn)).toBe(false);
    }
  });
});

describe('the master role', () => {
  const master = statements(masterPolicy(config, ACCOUNT_ID));

  it(`holds aws-ebs-csi-driver's example policy at the tag of the driver image it runs, statement for statement`, () => {
    expect(IMAGES.ebsCsiDriver.endsWith(`:${EBS_CSI_DRIVER_POLICY_TAG}`)).toBe(true);
    const ebs = master.filter((statement) => statement.Sid?.startsWith('EbsCsiDriver'));
    expect(ebs.map(withoutSid)).toEqual(upstreamEbsCsi.Statement);
  });

  it("holds cloud-provider-aws's control plane policy, but moves volumes only as the EBS CSI driver's scoped statements allow", () => {
    const controller = master.find((statement) => statement.Sid === 'CloudControllerManager')!;
    const upstream = actions(upstreamControlPlane.Statement);
    expect(actions([controller])).toEqual(
      upstream.filter((action) => !CLOUD_CONTROLLER_VOLUME_ACTIONS.includes(action)),
    );
    // Every action dropped there is granted by the driver's statements, on volumes, instances or snapshots only.
    const ebs = master.filter((statement) => statement.Sid?.startsWith('EbsCsiDriver'));
    for (const action of CLOUD_CONTROLLER_VOLUME_ACTIONS) {
      const granting = ebs.filter((statement) => list(statement.Action).includes(action));
      expect(granting.length, action).toBeGreaterThan(0);
      for (const statement of granting) expect(list(statement.Resource)).not.toContain('*');
    }
  });

  it("lets the kubelet serving certificate approver ask EC2, within upstream's control plane policy", () => {
    for (const action of KUBELET_SERVING_APPROVER_ACTIONS) {
      expect(actions(upstreamControlPlane.Statement), action).toContain(action);
      const granting = master.filter(
        (statement) => list(statement.Action).includes(action) && list(statement.Resource).includes('*'),
      );
      expect(granting.length, action).toBeGreaterThan(0);
    }
  });

  it('grants an action on every resource only where upstream does', () => {
    const upstreamEverywhere = new Set(
      [...upstreamControlPlane.Statement, ...upstreamNode.Statement, ...upstreamEbsCsi.Statement]
        .filter((statement) => list(statement.Resource).includes('*'))
        .flatMap((statement) => list(statement.Action)),
    );
    for (const choice of [config, cloudwatch])
      for (const policy of [masterPolicy(choice, ACCOUNT_ID), nodePolicy(choice, ACCOUNT_ID)])
        for (const statement of statements(policy).filter((s) => list(s.Resource).includes('*')))
          for (const action of list(statement.Action)) expect(upstreamEverywhere, action).toContain(action);
  });

  it('reads both bundle prefixes and writes only the node token (and its own status)', () => {
    const s3 = master.filter(
      (statement) =>
        actions([statement]).some((a) => a.startsWith('s3:')) && !isOwnStatusWrite(statement, 'master'),
    );
    expect(s3.map(withoutSid)).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [`${bucketArn}/kubernetes/master/*`, `${bucketArn}/kubernetes/nodes/*`],
      },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: `${bucketArn}/kubernetes/nodes/token` },
    ]);
  });

  it("stays within the 10,240 characters IAM allows a role's inline policies", () => {
    expect(masterPolicy(cloudwatch, ACCOUNT_ID).length).toBeLessThan(10_240);
  });
});

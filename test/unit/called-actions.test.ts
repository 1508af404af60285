import { describe, expect, it } from 'vitest';
import { deriveActions } from '../../scripts/derive-actions.js';
import { CALLED_ACTIONS } from '../../src/aws/called-actions.js';
import { actionsFor, callerPolicy } from '../../src/aws/caller-policy.js';

describe('the actions each command calls, derived from the source', () => {
  it('src/aws/called-actions.ts is current: run `npm run gen:actions` after adding a call', () => {
    expect(deriveActions()).toEqual(CALLED_ACTIONS);
  }, 180_000);

  it('keeps each command to its own: down deletes and never creates, inventory only reads', () => {
    expect(CALLED_ACTIONS.down).toContain('ec2:TerminateInstances');
    expect(CALLED_ACTIONS.down).not.toContain('ec2:RunInstances');
    expect(CALLED_ACTIONS.inventory.every((action) => /:(Describe|List|Get)/.test(action))).toBe(true);
    expect(CALLED_ACTIONS.up).toContain('ec2:RunInstances');
  });

  it("adds what AWS authorizes beside a call: PassRole for the instances' roles, tagging on create, the service-linked role", () => {
    const up = actionsFor(['up']);
    expect(up).toEqual(
      expect.arrayContaining([
        'iam:PassRole',
        'iam:TagInstanceProfile',
        'logs:TagResource',
        'iam:CreateServiceLinkedRole',
      ]),
    );
    expect(actionsFor(['down'])).not.toContain('iam:PassRole');
  });

  it('limits IAM, S3 and log actions to the names kube-tui and kube-up use, and the service-linked role to Auto Scaling', () => {
    const policy = callerPolicy(['up']);
    const statementOf = (action: string) =>
      policy.Statement.find((statement) => statement.Action.includes(action))!;
    expect(statementOf('iam:PassRole').Resource).toEqual(['arn:aws:iam::*:role/kubernetes-*']);
    expect(statementOf('iam:CreateInstanceProfile').Resource).toEqual([
      'arn:aws:iam::*:instance-profile/kubernetes-*',
    ]);
    expect(statementOf('s3:PutObject').Resource).toEqual(['arn:aws:s3:::kubernetes-staging-*/*']);
    expect(statementOf('s3:CreateBucket').Resource).toEqual(['arn:aws:s3:::kubernetes-staging-*']);
    expect(statementOf('logs:CreateLogGroup').Resource).toEqual([
      'arn:aws:logs:*:*:log-group:/kube-tui/*',
      'arn:aws:logs:*:*:log-group:/kube-tui/*:*',
    ]);
    expect(statementOf('ec2:RunInstances').Resource).toBe('*');
    expect(statementOf('iam:CreateServiceLinkedRole')).toMatchObject({
      Resource: 'arn:aws:iam::*:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
      Condition: { StringLike: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/aws/errors.js';

function awsError(name: string, message = 'boom', extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });
}

describe('classifyError', () => {
  it.each([
    ['InvalidVpcID.NotFound', 'not-found'],
    ['InvalidLaunchTemplateName.NotFoundException', 'not-found'],
    ['NoSuchEntity', 'not-found'],
    ['NoSuchBucket', 'not-found'],
    ['DependencyViolation', 'dependency'],
    ['VolumeInUse', 'dependency'],
    ['ResourceInUse', 'dependency'],
    ['InvalidIPAddress.InUse', 'dependency'],
    ['DeleteConflict', 'dependency'],
    ['RequestLimitExceeded', 'throttled'],
    ['Throttling', 'throttled'],
    ['SlowDown', 'throttled'],
    ['InternalError', 'transient'],
    ['VcpuLimitExceeded', 'quota'],
    ['AddressLimitExceeded', 'quota'],
    ['InvalidParameterValue', 'invalid-input'],
    ['InvalidZone.NotFound', 'invalid-input'],
    ['MalformedPolicyDocument', 'invalid-input'],
  ])('%s is %s', (code, kind) => {
    expect(classifyError(awsError(code)).kind).toBe(kind);
  });

  it('retries dependency, throttling and transient errors, not the others', () => {
    expect(classifyError(awsError('DependencyViolation')).retryable).toBe(true);
    expect(classifyError(awsError('RequestLimitExceeded')).retryable).toBe(true);
    expect(classifyError(awsError('InternalError')).retryable).toBe(true);
    expect(classifyError(awsError('InvalidParameterValue')).retryable).toBe(false);
    expect(classifyError(awsError('AccessDenied')).retryable).toBe(false);
  });

  it('AccessDenied names the IAM action and exits 3', () => {
    const error = awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', {
      iamAction: 'ec2:RunInstances',
    });
    const classified = classifyError(error);
    expect(classified.kind).toBe('access-denied');
    expect(classified.exitCode).toBe(3);
    expect(classified.action).toBe('ec2:RunInstances');
    expect(classified.message).toContain('ec2:RunInstances');
  });

  it('AccessDenied without an annotation takes the action from the message', () => {
    const classified = classifyError(
      awsError(
        'AccessDenied',
        'User: arn:aws:iam::1:user/x is not authorized to perform: iam:CreateRole on resource: role y',
      ),
    );
    expect(classified.message).toContain('iam:CreateRole');
  });

  it('missing credentials exit 3 and say how to provide them', () => {
    const classified = classifyError(
      awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
    );
    expect(classified.kind).toBe('credentials');
    expect(classified.exitCode).toBe(3);
    expect(classified.message).toMatch(/AWS_PROFILE|aws sso login/);
  });

  it('an expired session token exits 3 and says to refresh it', () => {
    const classified = classifyError(
      awsError('ExpiredToken', 'The security token included in the request is expired'),
    );
    expect(classified.kind).toBe('credentials');
    expect(classified.exitCode).toBe(3);
    expect(classified.message).toContain('expired');
  });

  it('an abort is "aborted", not a failure to retry', () => {
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(classifyError(abort).kind).toBe('aborted');
  });

  it("moto's HTML 500 for an unimplemented call is a bug, not a transient error", () => {
    const error = Object.assign(
      new Error('Deserialization error: to see the raw response, inspect the hidden field'),
      {
        $metadata: { httpStatusCode: 500 },
      },
    );
    expect(classifyError(error).retryable).toBe(false);
  });

  it('a plain 503 is transient', () => {
    const error = Object.assign(new Error('unavailable'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    expect(classifyError(error).kind).toBe('transient');
  });

  it('names a Node error code once, not "EACCES: EACCES"', async () => {
    const { readFile } = await import('node:fs/promises');
    const error = await readFile('/proc/1/mem').catch((caught: unknown) => caught);
    const { message } = classifyError(
      Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: 'EACCES' }),
    );
    expect(message).toBe("EACCES: permission denied, open '/x'");
    expect(classifyError(error).message).not.toMatch(/^(\w+): \1/);
  });
});

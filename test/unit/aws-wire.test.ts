import { describe, expect, it } from 'vitest';
import { actionOf, errorResponse, s3ActionOf, serviceOf } from '../support/aws-wire.js';
import { mulberry32 } from '../support/fault-proxy.js';

const auth = (service: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/us-west-2/${service}/aws4_request, SignedHeaders=host, Signature=abc`,
});
const none = new URLSearchParams();

describe('reading service and action off the wire', () => {
  it('takes the service from the SigV4 credential scope, or a presigned URL', () => {
    expect(serviceOf(auth('autoscaling'), none)).toBe('autoscaling');
    expect(
      serviceOf(
        {},
        new URLSearchParams({ 'X-Amz-Credential': 'testing/20260101/us-west-2/s3/aws4_request' }),
      ),
    ).toBe('s3');
    expect(serviceOf({}, none)).toBe('unknown');
  });

  it('takes the action from a query-protocol form body, or from X-Amz-Target for JSON protocols', () => {
    const base = { method: 'POST', path: '/', query: none };
    expect(
      actionOf({
        ...base,
        service: 'ec2',
        headers: {},
        form: new URLSearchParams('Action=RunInstances&Version=2016-11-15'),
      }),
    ).toBe('RunInstances');
    expect(
      actionOf({ ...base, service: 'logs', headers: { 'x-amz-target': 'Logs_20140328.CreateLogGroup' } }),
    ).toBe('CreateLogGroup');
  });

  it('maps S3 REST requests to operations when the SDK does not name them in x-id', () => {
    const q = (text: string) => new URLSearchParams(text);
    expect(s3ActionOf('GET', '/', q(''), {})).toBe('ListBuckets');
    expect(s3ActionOf('PUT', '/b', q(''), {})).toBe('CreateBucket');
    expect(s3ActionOf('HEAD', '/b', q(''), {})).toBe('HeadBucket');
    expect(s3ActionOf('DELETE', '/b', q(''), {})).toBe('DeleteBucket');
    expect(s3ActionOf('POST', '/b', q('delete'), {})).toBe('DeleteObjects');
    expect(s3ActionOf('GET', '/b', q('list-type=2&prefix=a'), {})).toBe('ListObjectsV2');
    expect(s3ActionOf('GET', '/b', q('versions'), {})).toBe('ListObjectVersions');
    expect(s3ActionOf('PUT', '/b', q('tagging'), {})).toBe('PutBucketTagging');
    expect(s3ActionOf('GET', '/b', q('tagging'), {})).toBe('GetBucketTagging');
    expect(s3ActionOf('PUT', '/b', q('encryption'), {})).toBe('PutBucketEncryption');
    expect(s3ActionOf('PUT', '/b', q('publicAccessBlock'), {})).toBe('PutPublicAccessBlock');
    expect(s3ActionOf('PUT', '/b/k/x', q(''), {})).toBe('PutObject');
    expect(s3ActionOf('PUT', '/b/k', q(''), { 'x-amz-copy-source': '/a/k' })).toBe('CopyObject');
    expect(s3ActionOf('GET', '/b/k', q(''), {})).toBe('GetObject');
    expect(s3ActionOf('PUT', '/b/k', q('partNumber=1&uploadId=u'), {})).toBe('UploadPart');
    expect(s3ActionOf('GET', '/b/k', q('x-id=GetObject'), {})).toBe('GetObject');
  });
});

describe('error bodies', () => {
  it('uses the EC2, AWS query, S3 and JSON shapes', () => {
    const error = { status: 503, code: 'Code<1>', message: 'm' };
    expect(errorResponse('ec2', error).body).toContain('<Response><Errors><Error><Code>Code&lt;1&gt;</Code>');
    expect(errorResponse('iam', { ...error, status: 400 }).body).toContain(
      '<ErrorResponse><Error><Type>Sender</Type><Code>',
    );
    expect(errorResponse('s3', error).body).toContain('<Error><Code>');
    expect(JSON.parse(errorResponse('logs', error).body)).toEqual({ __type: 'Code<1>', message: 'm' });
  });
});

describe('mulberry32', () => {
  it('repeats its sequence for the same seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const draws = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(draws);
    expect(draws.every((draw) => draw >= 0 && draw < 1)).toBe(true);
  });
});

// What an AWS request on the wire is (service and action) and what an AWS error looks like on the
// wire for each protocol, so the fault proxy can answer in the shape the SDK parses.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** SigV4 signing names of the services kube-tui calls (ELB v1 and v2 share `elasticloadbalancing`). */
export type Service = 'ec2' | 'iam' | 's3' | 'autoscaling' | 'sts' | 'elasticloadbalancing' | 'logs';

export const UNKNOWN_SERVICE = 'unknown';

/** The service from the SigV4 credential scope: `Credential=AKID/date/region/SERVICE/aws4_request`. */
export function serviceOf(headers: IncomingHttpHeaders, query: URLSearchParams): string {
  const authorization = headers.authorization ?? '';
  const scope = /Credential=([^,\s]+)/.exec(authorization)?.[1] ?? query.get('X-Amz-Credential') ?? '';
  const service = scope.split('/')[3];
  return service ? service : UNKNOWN_SERVICE;
}

/**
 * The operation: `Action` of a query-protocol form body or query string, the `X-Amz-Target` of a
 * JSON protocol (`Logs_20140328.CreateLogGroup` -> `CreateLogGroup`), or S3's REST mapping.
 */
export function actionOf(request: {
  service: string;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  form?: URLSearchParams;
}): string {
  const fromQuery = request.form?.get('Action') ?? request.query.get('Action');
  if (fromQuery) return fromQuery;
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string' && target.length > 0) return target.slice(target.lastIndexOf('.') + 1);
  if (request.service === 's3')
    return s3ActionOf(request.method, request.path, request.query, request.headers);
  return 'Unknown';
}

// Sub-resources, checked in this order; each maps method -> operation.
const BUCKET_SUBRESOURCES: [string, Partial<Record<string, string>>][] = [
  ['delete', { POST: 'DeleteObjects' }],
  ['versions', { GET: 'ListObjectVersions' }],
  ['tagging', { GET: 'GetBucketTagging', PUT: 'PutBucketTagging', DELETE: 'DeleteBucketTagging' }],
  [
    'encryption',
    { GET: 'GetBucketEncryption', PUT: 'PutBucketEncryption', DELETE: 'DeleteBucketEncryption' },
  ],
  [
    'publicAccessBlock',
    { GET: 'GetPublicAccessBlock', PUT: 'PutPublicAccessBlock', DELETE: 'DeletePublicAccessBlock' },
  ],
  ['versioning', { GET: 'GetBucketVersioning', PUT: 'PutBucketVersioning' }],
  ['policy', { GET: 'GetBucketPolicy', PUT: 'PutBucketPolicy', DELETE: 'DeleteBucketPolicy' }],
  [
    'ownershipControls',
    {
      GET: 'GetBucketOwnershipControls',
      PUT: 'PutBucketOwnershipControls',
      DELETE: 'DeleteBucketOwnershipControls',
    },
  ],
  [
    'lifecycle',
    {
      GET: 'GetBucketLifecycleConfiguration',
      PUT: 'PutBucketLifecycleConfiguration',
      DELETE: 'DeleteBucketLifecycle',
    },
  ],
  ['cors', { GET: 'GetBucketCors', PUT: 'PutBucketCors', DELETE: 'DeleteBucketCors' }],
  ['acl', { GET: 'GetBucketAcl', PUT: 'PutBucketAcl' }],
  ['location', { GET: 'GetBucketLocation' }],
  ['uploads', { GET: 'ListMultipartUploads' }],
];
const BUCKET_DEFAULT: Partial<Record<string, string>> = {
  PUT: 'CreateBucket',
  DELETE: 'DeleteBucket',
  HEAD: 'HeadBucket',
  GET: 'ListObjects',
};
const OBJECT_SUBRESOURCES: [string, Partial<Record<string, string>>][] = [
  ['uploads', { POST: 'CreateMultipartUpload' }],
  [
    'uploadId',
    { PUT: 'UploadPart', POST: 'CompleteMultipartUpload', GET: 'ListParts', DELETE: 'AbortMultipartUpload' },
  ],
  ['tagging', { GET: 'GetObjectTagging', PUT: 'PutObjectTagging', DELETE: 'DeleteObjectTagging' }],
  ['acl', { GET: 'GetObjectAcl', PUT: 'PutObjectAcl' }],
  ['restore', { POST: 'RestoreObject' }],
];
const OBJECT_DEFAULT: Partial<Record<string, string>> = {
  PUT: 'PutObject',
  GET: 'GetObject',
  HEAD: 'HeadObject',
  DELETE: 'DeleteObject',
};

/** Best effort, path-style addressing only (what kube-tui uses against an endpoint). */
export function s3ActionOf(
  method: string,
  path: string,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): string {
  // SDK v3 names most operations itself in `x-id` (e.g. `?x-id=PutObject`).
  const named = query.get('x-id');
  if (named) return named;
  const segments = path.split('/').filter((segment) => segment.length > 0);
  if (segments.length === 0) return method === 'GET' ? 'ListBuckets' : `Unknown${method}`;
  const isObject = segments.length > 1;
  if (!isObject && method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2';
  for (const [subresource, byMethod] of isObject ? OBJECT_SUBRESOURCES : BUCKET_SUBRESOURCES) {
    const operation = query.has(subresource) ? byMethod[method] : undefined;
    if (operation)
      return operation === 'UploadPart' && headers['x-amz-copy-source'] ? 'UploadPartCopy' : operation;
  }
  if (isObject && method === 'PUT' && headers['x-amz-copy-source']) return 'CopyObject';
  return (isObject ? OBJECT_DEFAULT : BUCKET_DEFAULT)[method] ?? `Unknown${method}`;
}

export interface WireError {
  status: number;
  code: string;
  message: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const QUERY_XML_SERVICES = new Set(['iam', 'autoscaling', 'sts', 'elasticloadbalancing']);

/** `throttle` as AWS sends it for each service. */
export function throttleError(service: string): WireError {
  if (service === 'ec2')
    return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
  if (service === 's3') return { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
  if (QUERY_XML_SERVICES.has(service)) return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
  return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
}

/** A generic 500 as AWS sends it for each service. */
export function serverError(service: string): WireError {
  if (service === 'ec2' || service === 's3') {
    return {
      status: 500,
      code: 'InternalError',
      message: 'We encountered an internal error. Please try again.',
    };
  }
  return { status: 500, code: 'InternalFailure', message: 'The request processing has failed.' };
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The error in the service's protocol: EC2 query, AWS query, S3 REST-XML, or AWS JSON. */
export function errorResponse(service: string, error: WireError): WireResponse {
  const requestId = randomUUID();
  const code = escapeXml(error.code);
  const message = escapeXml(error.message);
  const xml = { 'content-type': 'text/xml;charset=UTF-8' };
  if (service === 'ec2') {
    return {
      status: error.status,
      headers: xml,
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors>` +
        `<RequestID>${requestId}</RequestID></Response>`,
    };
  }
  if (service === 's3') {
    return {
      status: error.status,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<Error><Code>${code}</Code><Message>${message}</Message>` +
        `<RequestId>${requestId}</RequestId><HostId>fault-proxy</HostId></Error>`,
    };
  }
  if (QUERY_XML_SERVICES.has(service) || service === UNKNOWN_SERVICE) {
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    return {
      status: error.status,
      headers: { ...xml, 'x-amzn-requestid': requestId },
      body:
        `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
  return {
    status: error.status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

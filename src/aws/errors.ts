// Classifies whatever an SDK call throws into the few kinds the engine and the CLI act on.

import type { ClassifiedError, ErrorKind } from '../model/errors.js';
import { EXIT, type ExitCode } from '../model/exit.js';
import type { AnnotatedError } from './client-pool.js';

const NOT_FOUND_CODES = new Set([
  'NoSuchEntity',
  'NoSuchBucket',
  'NoSuchKey',
  'NotFound',
  'ResourceNotFoundException',
  'LoadBalancerNotFound',
  'AccessPointNotFound',
  'TargetGroupNotFound',
  'NoSuchTagSet',
]);
const DEPENDENCY_CODES = new Set([
  'DependencyViolation',
  'VolumeInUse',
  'ResourceInUse',
  'ResourceInUseFault',
  'InvalidIPAddress.InUse',
  'DeleteConflict',
  'BucketNotEmpty',
  'ScalingActivityInProgress',
  'ScalingActivityInProgressFault',
  'IncorrectState',
  'IncorrectInstanceState',
  'InvalidState',
  'OperationAborted',
]);
const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'TooManyRequestsException',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
]);
const TRANSIENT_CODES = new Set([
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'Unavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
]);
const ACCESS_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'Forbidden',
  'OptInRequired',
]);
const CREDENTIAL_CODES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'InvalidToken',
  'TokenRefreshRequired',
  'MissingAuthenticationToken',
]);
const QUOTA_CODES = new Set([
  'LimitExceeded',
  'LimitExceededException',
  'LimitExceededFault',
  'VcpuLimitExceeded',
  'AddressLimitExceeded',
  'InstanceLimitExceeded',
  'VpcLimitExceeded',
  'InsufficientInstanceCapacity',
  'InsufficientAddressCapacity',
  'TooManyBuckets',
  'RulesPerSecurityGroupLimitExceeded',
  'SecurityGroupLimitExceeded',
  'ServiceQuotaExceededException',
  'MaxIOPSLimitExceeded',
  'VolumeLimitExceeded',
  'EntityAlreadyExistsLimit',
]);
const INVALID_CODES = new Set([
  'InvalidParameterValue',
  'InvalidParameter',
  'InvalidParameterCombination',
  'InvalidInput',
  'ValidationError',
  'ValidationException',
  'MalformedPolicyDocument',
  'MalformedPolicyDocumentException',
  'InvalidBucketName',
  'IllegalLocationConstraintException',
  'InvalidLocationConstraint',
  'InvalidAMIID.Malformed',
  'InvalidAMIID.NotFound',
  'InvalidInstanceType',
  'InvalidZone.NotFound',
  'Unsupported',
  'UnsupportedOperation',
  'InvalidKeyPair.Format',
  'InvalidSubnet.Range',
  'InvalidVpc.Range',
  'InvalidSubnet.Conflict',
]);
const NETWORK_ERRNOS = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'socket hang up',
]);

function errorCode(error: unknown): string {
  if (!error || typeof error !== 'object') return 'Error';
  const record = error as { Code?: unknown; code?: unknown; name?: unknown };
  for (const candidate of [record.Code, record.name, record.code]) {
    if (typeof candidate === 'string' && candidate !== 'Error' && candidate.length > 0) return candidate;
  }
  return 'Error';
}

function isNotFoundCode(code: string): boolean {
  // EC2 spells these InvalidVpcID.NotFound, InvalidLaunchTemplateName.NotFoundException, ...
  return (
    NOT_FOUND_CODES.has(code) ||
    /\.NotFound(Exception)?$/.test(code) ||
    /NotFound(Exception|Fault)?$/.test(code)
  );
}

export function classifyError(error: unknown): ClassifiedError {
  const annotated = error as AnnotatedError | undefined;
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  const action = annotated?.iamAction;
  const status = annotated?.$metadata?.httpStatusCode;
  const where = action ? ` (${action})` : '';
  // Node's own errors already start with their code ("EACCES: permission denied, …"): say it once.
  const coded = raw === code || raw.startsWith(`${code}:`) ? `${raw}${where}` : `${code}${where}: ${raw}`;
  const make = (kind: ErrorKind, retryable: boolean, message: string, exitCode: ExitCode = EXIT.failed) => ({
    kind,
    code,
    message,
    retryable,
    exitCode,
    ...(action ? { action } : {}),
  });

  if (code === 'AbortError' || (error instanceof Error && error.name === 'AbortError')) {
    return make('aborted', false, 'cancelled');
  }
  // Already retried by the client (a bounded number of timed-out attempts): say so plainly.
  if (code === 'NoAnswerError') return make('no-answer', false, raw);
  // Our own "you asked for something impossible", found only once AWS was asked (e.g. a name taken).
  if (code === 'UsageError') return make('invalid-input', false, raw, EXIT.usage);
  // The cluster did not come up: the message says which instance, where, and how to look; a retry
  // validates again (an instance may have finished meanwhile).
  if (code === 'ClusterValidationError') return make('other', true, raw);
  // The node group's launches failed until the wait's bound: the message carries AWS's reason; a
  // rerun waits again (spot capacity comes and goes).
  if (code === 'NodeLaunchError') return make('other', true, raw);
  // The preflight found actions the caller may not call: nothing was changed.
  if (code === 'MissingPermissionsError') return make('access-denied', false, raw, EXIT.credentials);
  // A deletion refused because of something that is not the cluster's: the message names it.
  if (code === 'BlockedError') return make('blocked', false, raw);
  // `scale` refused before changing anything: the message says why and what to do.
  if (code === 'ScaleRefusedError') return make('other', false, raw);
  if (CREDENTIAL_CODES.has(code) || /could not load credentials/i.test(raw)) {
    const expired = /expired/i.test(code) || /expired/i.test(raw);
    const message = expired
      ? `AWS credentials have expired${where}: ${raw}. Refresh them (for SSO: aws sso login) and run the command again.`
      : code === 'CredentialsProviderError' || /could not load credentials/i.test(raw)
        ? 'No AWS credentials found. Set AWS_PROFILE (or --profile), run aws sso login, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
        : `AWS rejected the credentials${where}: ${code}: ${raw}`;
    return make('credentials', false, message, EXIT.credentials);
  }
  // S3 answers HEAD requests without a body: a bare 403 is a denial all the same.
  if (ACCESS_CODES.has(code) || (status === 403 && (code === 'Unknown' || code === 'Error'))) {
    const what = action ?? actionFromMessage(raw) ?? 'the action';
    return make(
      'access-denied',
      false,
      `Permission denied: ${what} is not allowed for these credentials (${code}: ${raw}). Grant ${what}; kube-tui policy prints all that kube-tui needs.`,
      EXIT.credentials,
    );
  }
  if (DEPENDENCY_CODES.has(code)) return make('dependency', true, coded);
  if (THROTTLE_CODES.has(code) || status === 429) return make('throttled', true, coded);
  if (QUOTA_CODES.has(code)) {
    return make('quota', false, `AWS quota or capacity limit reached: ${coded}`);
  }
  if (isNotFoundCode(code) && !INVALID_CODES.has(code)) return make('not-found', false, coded);
  if (INVALID_CODES.has(code)) return make('invalid-input', false, coded);
  if (TRANSIENT_CODES.has(code) || NETWORK_ERRNOS.has(code) || NETWORK_ERRNOS.has(raw)) {
    return make('transient', true, coded);
  }
  // moto answers calls it does not implement with an HTML 500 that the SDK cannot parse: that is a
  // bug in our call, not a transient failure, so it is not retried.
  if (typeof status === 'number' && status >= 500 && !/deserializ|parse/i.test(raw)) {
    return make('transient', true, coded);
  }
  return make('other', false, coded);
}

/** AWS puts the action in the message: "... is not authorized to perform: ec2:RunInstances on resource: ...". */
function actionFromMessage(message: string): string | undefined {
  return /perform:? ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1];
}

export function errorCodeOf(error: unknown): string {
  return errorCode(error);
}

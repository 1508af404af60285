// What the engine makes of a failed call: the few kinds it and the commands act on, with the exit
// code each means. The classifier that reads SDK errors is in aws/errors.ts.
import type { ExitCode } from './exit.js';

export type ErrorKind =
  /** The resource is gone or never existed: deleting it is done, finding it means "create". */
  | 'not-found'
  /** Something still uses the resource: retry later, after its dependants are gone. */
  | 'dependency'
  /** Something that is not the cluster's still uses the resource: waiting cannot help. */
  | 'blocked'
  /** AWS asked us to slow down: retry with backoff. */
  | 'throttled'
  /** A 5xx or a dropped connection: retry with backoff. */
  | 'transient'
  /** The caller may not do this: the message names the IAM action. */
  | 'access-denied'
  /** No credentials, or expired / invalid ones. */
  | 'credentials'
  /** A service quota or capacity limit. */
  | 'quota'
  /** AWS refused a parameter. */
  | 'invalid-input'
  /** The endpoint accepted the connection but never answered, attempt after attempt. */
  | 'no-answer'
  /** The user (Ctrl+C) or a deadline cancelled the call. */
  | 'aborted'
  | 'other';

export interface ClassifiedError {
  kind: ErrorKind;
  /** The AWS error code (e.g. `DependencyViolation`), or the error's name. */
  code: string;
  /** A sentence for people: what failed and, where we know it, what to do. */
  message: string;
  /** The IAM action that was attempted, e.g. `ec2:RunInstances`. */
  action?: string;
  retryable: boolean;
  exitCode: ExitCode;
}

// Reading IAM policy documents in tests: statements, their actions and resources as lists, and
// upstream's policies checked in from their repositories at the tags the add-ons pin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/model/config.js';
import type { ResolvedConfig } from '../../src/model/plan.js';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

export function statements(policy: string): PolicyStatement[] {
  return (JSON.parse(policy) as PolicyDocument).Statement;
}

export function actions(policy: string | PolicyStatement[]): string[] {
  const all = typeof policy === 'string' ? statements(policy) : policy;
  return [...new Set(all.flatMap((statement) => list(statement.Action)))].sort();
}

/** A file of test/support/upstream, named after its repository and tag. */
export function upstreamPolicy(file: string): PolicyDocument {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'upstream', file), 'utf8')) as PolicyDocument;
}

export const ACCOUNT_ID = '123456789012';

export function resolvedConfig(overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    ...DEFAULT_CONFIG,
    sshKey: '~/.ssh/kube_aws_rsa',
    image: 'ami-0123456789abcdef0',
    bucket: 'kubernetes-staging-0123456789ab',
    bucketRegion: 'us-west-2',
    sshCidr: '203.0.113.7/32',
    apiCidr: '203.0.113.7/32',
    ...overrides,
  };
}

/** The request a policy is evaluated for: who, what, on which ARN, over TLS or not. */
export interface PolicyRequest {
  principalArn: string;
  action: string;
  resource: string;
  secureTransport: boolean;
}

/** An IAM pattern (`*` and `?` wildcards) as a test against a value. */
export function matches(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`).test(value);
}

/**
 * The condition operators our policies use, as IAM evaluates them: a statement applies only when
 * every condition holds. Any other operator fails the test rather than being guessed.
 */
function conditionHolds(condition: PolicyStatement['Condition'], request: PolicyRequest): boolean {
  const context: Record<string, string> = {
    'aws:PrincipalArn': request.principalArn,
    'aws:SecureTransport': String(request.secureTransport),
  };
  for (const [operator, keys] of Object.entries(condition ?? {}))
    for (const [key, expected] of Object.entries(keys)) {
      const actual = context[key];
      if (actual === undefined) throw new Error(`no value for condition key ${key}`);
      const any = (test: (value: string) => boolean) => list(expected).some(test);
      const holds =
        operator === 'Bool'
          ? any((value) => value === actual)
          : operator === 'ArnNotEquals' || operator === 'StringNotEquals'
            ? !any((value) => value === actual)
            : operator === 'ArnNotLike' || operator === 'StringNotLike'
              ? !any((value) => matches(value, actual))
              : undefined;
      if (holds === undefined) throw new Error(`condition operator ${operator} is not modelled`);
      if (!holds) return false;
    }
  return true;
}

function applies(statement: PolicyStatement, request: PolicyRequest): boolean {
  return (
    list(statement.Action).some((action) => matches(action, request.action)) &&
    list(statement.Resource).some((resource) => matches(resource, request.resource)) &&
    conditionHolds(statement.Condition, request)
  );
}

/**
 * IAM's decision for a principal of the bucket owner's account: an explicit Deny in either policy
 * wins; else the account root may, and anyone else may when an Allow applies.
 */
export function sameAccountMay(
  request: PolicyRequest,
  policies: { bucketPolicy: string; identityPolicy?: string },
): boolean {
  const all = [
    ...statements(policies.bucketPolicy),
    ...(policies.identityPolicy ? statements(policies.identityPolicy) : []),
  ];
  if (all.some((statement) => statement.Effect === 'Deny' && applies(statement, request))) return false;
  if (request.principalArn.endsWith(':root')) return true;
  return all.some((statement) => statement.Effect === 'Allow' && applies(statement, request));
}

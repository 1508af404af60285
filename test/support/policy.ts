// Reading IAM policy documents in tests: statements, their actions and resources as lists, and
// upstream's policies checked in from their repositories at the tags the add-ons pin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/state/config.js';
import type { ResolvedConfig } from '../../src/state/plan.js';

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

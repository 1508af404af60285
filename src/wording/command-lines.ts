// Every command kube-tui prints for the user to paste (resume, remove, run again, what to run
// instead) is built here, so each word is quoted once and the same way: a cluster, profile or path
// with a space or a quote survives the paste.

import { type ClusterConfig, DEFAULT_CONFIG, DEFAULT_SSH_KEY } from '../model/config.js';
import { expandHome } from '../model/home-path.js';
import { PROTECT_TAG } from '../model/lifecycle.js';
import { OPTION_KEYS, OPTIONS } from '../model/option-table.js';
import type { ProtectedResource, UserBucket } from '../model/teardown.js';

/** A word as the shell reads it back unchanged: bare when it is safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@=,+%^-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** `kube-tui` and its words, each quoted. */
function commandLine(words: readonly string[]): string {
  return ['kube-tui', ...words.map(shellQuote)].join(' ');
}

/** The global flags a printed command repeats, so that it talks to the same account. */
export interface ConnectionFlags {
  profile?: string | undefined;
  endpoint?: string | undefined;
}

function connectionWords(flags: ConnectionFlags = {}): string[] {
  return [
    ...(flags.profile ? ['--profile', flags.profile] : []),
    ...(flags.endpoint ? ['--endpoint', flags.endpoint] : []),
  ];
}

/** What a teardown command repeats of the run that printed it. */
interface RunWords {
  connection?: ConnectionFlags;
  /** `--timeout` as the user gave it (minutes). */
  timeout?: string | undefined;
  /** `--force-revoke`, as the user gave it. */
  forceRevoke?: boolean | undefined;
  /** Ends with `--yes`: the plain run, without the typed confirmation. */
  yes?: boolean;
}

function runWords({ connection, timeout, forceRevoke, yes }: RunWords): string[] {
  return [
    ...connectionWords(connection),
    ...(timeout !== undefined ? ['--timeout', timeout] : []),
    ...(forceRevoke ? ['--force-revoke'] : []),
    ...(yes ? ['--yes'] : []),
  ];
}

/** `kube-tui up …` with every value that differs from the defaults, so a rerun resumes this cluster. */
export function upCommand(
  config: ClusterConfig,
  env: NodeJS.ProcessEnv = {},
  connection: ConnectionFlags = {},
): string {
  const words = ['up', OPTIONS.name.flag, config.name, OPTIONS.zone.flag, config.zone];
  const defaults: Partial<ClusterConfig> = { ...DEFAULT_CONFIG, sshKey: expandHome(DEFAULT_SSH_KEY, env) };
  for (const key of OPTION_KEYS) {
    // The zone carries the region.
    if (key === 'name' || key === 'zone' || key === 'region') continue;
    const value = config[key];
    if (value === undefined || value === defaults[key]) continue;
    words.push(...(OPTIONS[key].bare ? [OPTIONS[key].flag] : [OPTIONS[key].flag, String(value)]));
  }
  return commandLine([...words, ...connectionWords(connection)]);
}

/** The command as the user ran it (`process.argv`'s words), every word quoted: running it again resumes. */
export function rerunCommand(argv: readonly string[]): string {
  return commandLine(argv);
}

/**
 * `kube-tui down --cluster C [--region R] [--bucket B --bucket-region R] [--profile P]
 * [--endpoint U] [--timeout M] [--yes]`.
 */
export function downCommand(
  input: { cluster: string; region?: string; bucket?: UserBucket | undefined } & RunWords,
): string {
  return commandLine([
    'down',
    OPTIONS.name.flag,
    input.cluster,
    ...(input.region ? [OPTIONS.region.flag, input.region] : []),
    ...(input.bucket
      ? [OPTIONS.bucket.flag, input.bucket.name, OPTIONS.bucketRegion.flag, input.bucket.region]
      : []),
    ...runWords(input),
  ]);
}

/** The teardown of a cluster `up` made: with the user's own bucket, when it was one. */
export function removeClusterCommand(
  config: Pick<ClusterConfig, 'name' | 'region' | 'bucket' | 'bucketRegion'>,
  connection: ConnectionFlags = {},
  userBucket = false,
): string {
  return downCommand({
    cluster: config.name,
    region: config.region,
    bucket:
      userBucket && config.bucket
        ? { name: config.bucket, region: config.bucketRegion ?? config.region }
        : undefined,
    connection,
  });
}

/** `kube-tui scale --cluster C --nodes N [--region R] [--profile P] [--endpoint U] [--yes]`. */
export function scaleCommand(input: { cluster: string; nodes: number; region?: string } & RunWords): string {
  return commandLine([
    'scale',
    OPTIONS.name.flag,
    input.cluster,
    OPTIONS.nodes.flag,
    String(input.nodes),
    ...(input.region ? [OPTIONS.region.flag, input.region] : []),
    ...runWords(input),
  ]);
}

/** `kube-tui inventory [--cluster C] --region R [--profile P] [--endpoint U]`. */
export function inventoryCommand(input: {
  cluster?: string;
  region: string;
  connection?: ConnectionFlags;
}): string {
  return commandLine([
    'inventory',
    ...(input.cluster ? [OPTIONS.name.flag, input.cluster] : []),
    OPTIONS.region.flag,
    input.region,
    ...connectionWords(input.connection),
  ]);
}

/** `kube-tui cleanup --orphans|--expired [--all-regions | --region R] [--profile P] [--endpoint U] [--timeout M] [--yes]`. */
export function cleanupCommand(
  input: { region?: string; select?: 'orphans' | 'expired'; allRegions?: boolean } & RunWords,
): string {
  return commandLine([
    'cleanup',
    `--${input.select ?? 'orphans'}`,
    ...(input.allRegions ? ['--all-regions'] : input.region ? [OPTIONS.region.flag, input.region] : []),
    ...runWords(input),
  ]);
}

/** A flag of the AWS CLI (not one of kube-tui's options, which the OPTIONS table names). */
const awsFlag = (name: string) => `--${name}`;

/** The AWS CLI command that removes `kube-tui/protect` from one resource, each word quoted. */
export function untagProtectionCommand(resource: ProtectedResource): string {
  const aws = (words: string[]) => ['aws', ...words].map(shellQuote).join(' ');
  const region = [awsFlag('region'), resource.region];
  switch (resource.type) {
    case 'iam-role':
      return aws(['iam', 'untag-role', '--role-name', resource.id, '--tag-keys', PROTECT_TAG]);
    case 'iam-instance-profile':
      return aws([
        'iam',
        'untag-instance-profile',
        '--instance-profile-name',
        resource.id,
        '--tag-keys',
        PROTECT_TAG,
      ]);
    case 's3-bucket':
      // S3 replaces a bucket's tags whole: there is no call that removes one key.
      return `${aws(['s3api', 'get-bucket-tagging', awsFlag('bucket'), resource.id])}, then put-bucket-tagging without ${PROTECT_TAG}`;
    case 'log-group':
      return aws([
        'logs',
        'untag-log-group',
        ...region,
        '--log-group-name',
        resource.id,
        '--tags',
        PROTECT_TAG,
      ]);
    case 'auto-scaling-group':
      return aws([
        'autoscaling',
        'delete-tags',
        ...region,
        '--tags',
        `ResourceId=${resource.id},ResourceType=auto-scaling-group,Key=${PROTECT_TAG}`,
      ]);
    case 'load-balancer':
      return resource.arn
        ? aws(['elbv2', 'remove-tags', ...region, '--resource-arns', resource.arn, '--tag-keys', PROTECT_TAG])
        : aws([
            'elb',
            'remove-tags',
            ...region,
            '--load-balancer-names',
            resource.id,
            '--tags',
            `Key=${PROTECT_TAG}`,
          ]);
    case 'launch-configuration':
      return `remove ${PROTECT_TAG} from launch configuration ${resource.id}`;
    default:
      return aws([
        'ec2',
        'delete-tags',
        ...region,
        '--resources',
        resource.id,
        '--tags',
        `Key=${PROTECT_TAG}`,
      ]);
  }
}

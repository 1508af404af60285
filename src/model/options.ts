// Resolves a ClusterConfig from commander's `up` flags, kube-up's environment variables, the
// wizard's remembered choices and the defaults (DESIGN.md section 3), and validates it before any
// AWS call. Pure: the environment and remembered values are arguments, never read here.

import { expandHome } from '../local/paths.js';
import {
  type ConnectionFlags,
  commandLine,
  connectionWords,
  downCommandWords,
} from '../wording/shell-words.js';
import { cidrContains, parseCidr } from './cidr.js';
import {
  CLUSTER_NAME_PATTERN,
  type ClusterConfig,
  DEFAULT_CONFIG,
  DEFAULT_SSH_KEY,
  DISK_TYPES,
  LOGGING_DESTINATIONS,
  type LoggingDestination,
  MONITORING_OPTIONS,
  type Monitoring,
  OS_DISTRIBUTIONS,
  type OsDistribution,
  SUPPORTED_KUBERNETES_MINORS,
} from './config.js';
import { UsageError } from './exit.js';
import { VPC_CIDR } from './network.js';
import { isKnownRegion, isRegionName, KNOWN_REGIONS_TEXT, regionOfZone } from './region.js';

export type OptionKey = keyof ClusterConfig;
export type OptionSource = 'flag' | 'env' | 'remembered' | 'default';

/** Commander's camelCased `up` options (strings) plus the global `--region`; other keys are ignored. */
export type UpFlags = Record<string, unknown>;

export interface ResolveInput {
  flags: UpFlags;
  env: NodeJS.ProcessEnv;
  /** The wizard's last choices; `up --yes` never passes them. */
  remembered?: Partial<ClusterConfig>;
}

export interface ResolvedOptions {
  config: ClusterConfig;
  sources: Record<OptionKey, OptionSource>;
  /** For values from a flag or the environment: the flag (`--nodes`) or variable (`NUM_NODES`) it came from. */
  origins: Partial<Record<OptionKey, string>>;
  /** Legacy values that were mapped, and other things the user should know. */
  notices: string[];
}

// Goes into the instances' scripts and apt/yum sources: no quotes, spaces or shell characters.
const PACKAGE_MIRROR_PATTERN = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~:%@+-]+)*$/;

export const OPTION_KEYS = [
  'name',
  'region',
  'zone',
  'os',
  'image',
  'masterSize',
  'nodeSize',
  'nodes',
  'masterDiskType',
  'masterDiskSize',
  'bucket',
  'bucketRegion',
  'sshKey',
  'monitoring',
  'nodeLogging',
  'loggingDestination',
  'clusterLogging',
  'vpcId',
  'subnetId',
  'subnetCidr',
  'sshCidr',
  'apiCidr',
  'kubernetesVersion',
  'packageMirror',
] as const satisfies readonly OptionKey[];

/** The command-line flag of each option, as error messages name it. */
export const OPTION_FLAGS: Record<OptionKey, string> = {
  name: '--cluster',
  region: '--region',
  zone: '--zone',
  os: '--os',
  image: '--node-image',
  masterSize: '--master-size',
  nodeSize: '--node-size',
  nodes: '--nodes',
  masterDiskType: '--master-disk-type',
  masterDiskSize: '--master-disk-size',
  bucket: '--bucket',
  bucketRegion: '--bucket-region',
  sshKey: '--ssh-key',
  monitoring: '--monitoring',
  nodeLogging: '--node-logging',
  loggingDestination: '--logging-destination',
  clusterLogging: '--cluster-logging',
  vpcId: '--vpc-id',
  subnetId: '--subnet-id',
  subnetCidr: '--subnet-cidr',
  sshCidr: '--ssh-cidr',
  apiCidr: '--api-cidr',
  kubernetesVersion: '--kubernetes-version',
  packageMirror: '--package-mirror',
};

/** Commander's property name for each option's flag. */
const FLAG_PROPERTY: Record<OptionKey, string> = {
  name: 'cluster',
  region: 'region',
  zone: 'zone',
  os: 'os',
  image: 'nodeImage',
  masterSize: 'masterSize',
  nodeSize: 'nodeSize',
  nodes: 'nodes',
  masterDiskType: 'masterDiskType',
  masterDiskSize: 'masterDiskSize',
  bucket: 'bucket',
  bucketRegion: 'bucketRegion',
  sshKey: 'sshKey',
  monitoring: 'monitoring',
  nodeLogging: 'nodeLogging',
  loggingDestination: 'loggingDestination',
  clusterLogging: 'clusterLogging',
  vpcId: 'vpcId',
  subnetId: 'subnetId',
  subnetCidr: 'subnetCidr',
  sshCidr: 'sshCidr',
  apiCidr: 'apiCidr',
  kubernetesVersion: 'kubernetesVersion',
  packageMirror: 'packageMirror',
};

/**
 * kube-up's environment variables, newest name first. The region has none of its own (kube-up took
 * it from the zone); AWS_REGION / AWS_DEFAULT_REGION are used only when no zone is given.
 */
export const OPTION_ENV: Record<OptionKey, readonly string[]> = {
  name: ['KUBE_AWS_INSTANCE_PREFIX'],
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  zone: ['KUBE_AWS_ZONE'],
  os: ['KUBE_OS_DISTRIBUTION'],
  image: ['KUBE_NODE_IMAGE', 'KUBE_MINION_IMAGE'],
  masterSize: ['MASTER_SIZE'],
  nodeSize: ['NODE_SIZE', 'MINION_SIZE'],
  nodes: ['NUM_NODES', 'NUM_MINIONS'],
  masterDiskType: ['MASTER_DISK_TYPE'],
  masterDiskSize: ['MASTER_DISK_SIZE'],
  bucket: ['AWS_S3_BUCKET'],
  bucketRegion: ['AWS_S3_REGION'],
  sshKey: ['AWS_SSH_KEY'],
  monitoring: ['KUBE_ENABLE_CLUSTER_MONITORING'],
  nodeLogging: ['KUBE_ENABLE_NODE_LOGGING'],
  loggingDestination: ['KUBE_LOGGING_DESTINATION'],
  clusterLogging: ['KUBE_ENABLE_CLUSTER_LOGGING'],
  vpcId: ['VPC_ID'],
  subnetId: ['SUBNET_ID'],
  subnetCidr: ['KUBE_SUBNET_CIDR'],
  sshCidr: ['SSH_CIDR'],
  apiCidr: ['HTTP_API_CIDR'],
  kubernetesVersion: ['KUBE_VERSION'],
  packageMirror: ['KUBE_PACKAGE_MIRROR'],
};

// ---------------------------------------------------------------------------------------------
// Legacy values

const LEGACY_OS: Record<string, OsDistribution> = {
  ubuntu: 'ubuntu-24.04',
  trusty: 'ubuntu-24.04',
  vivid: 'ubuntu-24.04',
  wily: 'ubuntu-24.04',
  xenial: 'ubuntu-24.04',
  debian: 'debian-13',
  jessie: 'debian-13',
  wheezy: 'debian-13',
  coreos: 'flatcar',
};

// kube-up's monitoring choices all installed Heapster (+ a sink); metrics-server is its successor.
const LEGACY_MONITORING: Record<string, Monitoring> = {
  influxdb: 'metrics-server',
  heapster: 'metrics-server',
  google: 'metrics-server',
  googleinfluxdb: 'metrics-server',
  standalone: 'metrics-server',
  stackdriver: 'metrics-server',
};

const LEGACY_LOGGING: Record<string, LoggingDestination> = { gcp: 'cloudwatch' };

const TRUE_WORDS = new Set(['true', 'yes', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'off']);

// ---------------------------------------------------------------------------------------------
// Formats

export const ZONE_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d[a-z]$/;
export const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const IMAGE_ID_PATTERN = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const VPC_ID_PATTERN = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID_PATTERN = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const KUBERNETES_VERSION_PATTERN = /^1\.\d{2}$/;
export const MAX_NODES = 100;
export const MAX_DISK_GIB = 16_384;

/** S3's rules for general purpose bucket names. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'a bucket name has 3 to 63 characters';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return 'a bucket name has lowercase letters, digits, dots and hyphens, and starts and ends with a letter or digit';
  }
  if (name.includes('..')) return 'a bucket name has no two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'a bucket name cannot look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name))
    return "a bucket name cannot start with 'xn--', 'sthree-' or 'amzn-s3-demo-'";
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name))
    return 'a bucket name cannot end with an S3 reserved suffix';
  return undefined;
}

/**
 * A cluster name from any command's --cluster (or the environment): `up`'s rule, before it becomes a
 * path or an AWS call. Returns the name; throws UsageError naming the flag otherwise.
 */
export function validClusterName(value: unknown, flag = '--cluster'): string {
  const name = typeof value === 'string' ? value : '';
  const problem = fieldProblem('name', name);
  if (problem) {
    const shown =
      name.length > 60
        ? `${JSON.stringify(name.slice(0, 60))}… (${name.length} characters)`
        : describeValue(name);
    throw new UsageError(`${flag} ${shown}: expected ${problem}`);
  }
  return name;
}

// ---------------------------------------------------------------------------------------------
// Field checks: each returns what is allowed when the value is not, else undefined. Used by
// validateConfig (which adds the flag and the value) and inline by the wizard.

export function fieldProblem<K extends OptionKey>(
  key: K,
  value: ClusterConfig[K],
  config?: Partial<ClusterConfig>,
): string | undefined {
  if (value === undefined || value === '') {
    const required: OptionKey[] = [
      'name',
      'region',
      'zone',
      'os',
      'masterSize',
      'nodeSize',
      'sshKey',
      'kubernetesVersion',
    ];
    return required.includes(key) ? 'a value is required' : undefined;
  }
  switch (key) {
    case 'name':
      return CLUSTER_NAME_PATTERN.test(String(value))
        ? undefined
        : "lowercase letters, digits and '-', 1 to 28 characters, starting with a letter";
    case 'region':
      return isKnownRegion(String(value)) ? undefined : KNOWN_REGIONS_TEXT;
    case 'zone': {
      if (!ZONE_PATTERN.test(String(value))) return 'an availability zone name such as us-west-2a';
      if (!isKnownRegion(regionOfZone(String(value)) ?? '')) return `a zone of ${KNOWN_REGIONS_TEXT}`;
      const region = config?.region;
      return region && regionOfZone(String(value)) !== region
        ? `a zone of the region ${region} (the region is the zone minus its letter)`
        : undefined;
    }
    case 'os':
      return (OS_DISTRIBUTIONS as readonly string[]).includes(String(value))
        ? undefined
        : `one of ${OS_DISTRIBUTIONS.join(', ')}`;
    case 'image':
      return IMAGE_ID_PATTERN.test(String(value)) ? undefined : 'an image id such as ami-0123456789abcdef0';
    case 'masterSize':
    case 'nodeSize':
      return INSTANCE_TYPE_PATTERN.test(String(value)) ? undefined : 'an EC2 instance type such as t3.medium';
    case 'nodes':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_NODES
        ? undefined
        : `a whole number of nodes from 1 to ${MAX_NODES}`;
    case 'masterDiskType':
      return (DISK_TYPES as readonly string[]).includes(String(value))
        ? undefined
        : `one of ${DISK_TYPES.join(', ')}`;
    case 'masterDiskSize':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_DISK_GIB
        ? undefined
        : `a whole number of GiB from 1 to ${MAX_DISK_GIB}`;
    case 'bucket':
      return bucketNameProblem(String(value));
    case 'bucketRegion':
      return isKnownRegion(String(value)) ? undefined : KNOWN_REGIONS_TEXT;
    case 'monitoring':
      return (MONITORING_OPTIONS as readonly string[]).includes(String(value))
        ? undefined
        : `one of ${MONITORING_OPTIONS.join(', ')}`;
    case 'loggingDestination':
      return (LOGGING_DESTINATIONS as readonly string[]).includes(String(value))
        ? undefined
        : `one of ${LOGGING_DESTINATIONS.join(', ')}`;
    case 'nodeLogging':
    case 'clusterLogging':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'vpcId':
      return VPC_ID_PATTERN.test(String(value)) ? undefined : 'a VPC id such as vpc-0123456789abcdef0';
    case 'subnetId':
      if (!SUBNET_ID_PATTERN.test(String(value))) return 'a subnet id such as subnet-0123456789abcdef0';
      return config && !config.vpcId
        ? 'a subnet id together with --vpc-id (VPC_ID), the VPC it belongs to'
        : undefined;
    case 'subnetCidr': {
      const cidr = parseCidr(String(value));
      if (!cidr) return 'an IPv4 CIDR with its host bits zero, such as 172.20.0.0/24';
      if (cidr.prefix < 16 || cidr.prefix > 28) return 'a subnet from /16 to /28 (AWS limits)';
      if (config && !config.vpcId && !cidrContains(parseCidr(VPC_CIDR)!, cidr)) {
        return `a CIDR inside ${VPC_CIDR}, the VPC kube-tui creates (or give --vpc-id)`;
      }
      return undefined;
    }
    case 'sshCidr':
    case 'apiCidr':
      return parseCidr(String(value))
        ? undefined
        : 'an IPv4 CIDR with its host bits zero, such as 203.0.113.7/32 or 0.0.0.0/0';
    case 'kubernetesVersion':
      return KUBERNETES_VERSION_PATTERN.test(String(value)) &&
        (SUPPORTED_KUBERNETES_MINORS as readonly string[]).includes(String(value))
        ? undefined
        : `one of ${SUPPORTED_KUBERNETES_MINORS.join(', ')} (the Kubernetes minors with packages and checked add-on manifests)`;
    case 'packageMirror':
      return PACKAGE_MIRROR_PATTERN.test(String(value))
        ? undefined
        : "an http(s) URL of a pkgs.k8s.io mirror without a trailing '/', such as https://mirror.example.com/core:/stable:";
    case 'sshKey':
      return undefined;
    default:
      return undefined;
  }
}

function describeValue(value: unknown): string {
  const text = String(value);
  return text === '' || /\s/.test(text) ? JSON.stringify(text) : text;
}

/** "--nodes 0 (from NUM_NODES): must be …" */
export function optionError(key: OptionKey, value: unknown, problem: string, origin?: string): UsageError {
  const flag = OPTION_FLAGS[key];
  const from = origin && origin !== flag ? ` (from ${origin})` : '';
  return new UsageError(`${flag} ${describeValue(value)}${from}: expected ${problem}`);
}

/**
 * Checks every value before any AWS call; throws UsageError naming the option (as its flag), the
 * value and what is allowed. `origins` adds where a value came from, e.g. "(from NUM_NODES)".
 */
export function validateConfig(
  config: ClusterConfig,
  origins: Partial<Record<OptionKey, string>> = {},
): void {
  for (const key of OPTION_KEYS) {
    const value = config[key];
    const problem =
      value === '' && EMPTY_VALUE_PROBLEM[key] ? EMPTY_VALUE_PROBLEM[key] : fieldProblem(key, value, config);
    if (problem) throw optionError(key, value, problem, origins[key]);
  }
  if (config.bucketRegion && !config.bucket) {
    throw optionError(
      'bucketRegion',
      config.bucketRegion,
      'only together with --bucket (AWS_S3_BUCKET)',
      origins.bucketRegion,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing strings (flags, environment, the wizard's text input) into typed values

export function parseBoolean(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/**
 * One option's string as the config holds it: numbers and booleans parsed, legacy values mapped
 * (each mapping adds a notice). Throws UsageError when the text cannot be read at all; range and
 * format checks are validateConfig's.
 */
export function parseOptionValue<K extends OptionKey>(
  key: K,
  raw: string,
  notices: string[] = [],
  origin: string = OPTION_FLAGS[key],
  env: NodeJS.ProcessEnv = {},
): ClusterConfig[K] {
  const text = raw.trim();
  const mapped = (to: string) => {
    notices.push(`${origin} ${text}: the kube-up value "${text}" is now "${to}"`);
    return to;
  };
  const lower = text.toLowerCase();
  let value: unknown = text;
  switch (key) {
    case 'nodes':
    case 'masterDiskSize': {
      if (!/^-?\d+$/.test(text)) {
        throw optionError(
          key,
          text,
          key === 'nodes'
            ? `a whole number of nodes from 1 to ${MAX_NODES}`
            : `a whole number of GiB from 1 to ${MAX_DISK_GIB}`,
          origin,
        );
      }
      value = Number(text);
      break;
    }
    case 'nodeLogging':
    case 'clusterLogging': {
      const bool = parseBoolean(text);
      if (bool === undefined) throw optionError(key, text, 'true or false (also yes/no, 1/0)', origin);
      value = bool;
      break;
    }
    case 'os':
      value = LEGACY_OS[lower] ? mapped(LEGACY_OS[lower]) : lower;
      break;
    case 'monitoring': {
      const bool = parseBoolean(lower);
      if (LEGACY_MONITORING[lower]) value = mapped(LEGACY_MONITORING[lower]);
      else if (bool !== undefined) value = bool ? 'metrics-server' : 'none';
      else value = lower;
      break;
    }
    case 'loggingDestination':
      value = LEGACY_LOGGING[lower] ? mapped(LEGACY_LOGGING[lower]) : lower;
      break;
    case 'masterDiskType':
    case 'masterSize':
    case 'nodeSize':
    case 'zone':
    case 'region':
    case 'bucketRegion':
      value = lower;
      break;
    case 'kubernetesVersion': {
      // kube-up took a release such as v1.2.0; only the minor version matters now.
      const release = /^v?(1\.\d{2})(\.\d+)?$/.exec(lower);
      if (release && release[1] !== text) {
        value = release[1];
        notices.push(
          `${origin} ${text}: using the Kubernetes minor version ${release[1]} (the newest patch)`,
        );
      }
      break;
    }
    case 'sshCidr':
    case 'apiCidr':
    case 'subnetCidr':
      // A bare address means that one host.
      value = /^\d+\.\d+\.\d+\.\d+$/.test(text) && key !== 'subnetCidr' ? `${text}/32` : text;
      break;
    case 'sshKey':
      value = expandHome(text, env);
      break;
  }
  return value as ClusterConfig[K];
}

// ---------------------------------------------------------------------------------------------
// Resolution

/** `--ssh-cidr ''` is a mistake (a variable that was empty), not "use the default". */
const EMPTY_VALUE = 'a value; leave the flag out to get the default';
const EMPTY_VALUE_PROBLEM: Partial<Record<OptionKey, string>> = {
  sshCidr: 'an IPv4 CIDR such as 203.0.113.7/32 or 0.0.0.0/0; leave the flag out for your public IP /32',
  apiCidr: 'an IPv4 CIDR such as 203.0.113.7/32 or 0.0.0.0/0; leave the flag out for your public IP /32',
  subnetCidr: 'an IPv4 CIDR such as 172.20.0.0/24; leave the flag out for the default',
};

function flagValue(flags: UpFlags, key: OptionKey): string | undefined {
  const value = flags[FLAG_PROPERTY[key]];
  if (value === undefined || value === null || value === false) return undefined;
  return String(value);
}

function envValue(env: NodeJS.ProcessEnv, key: OptionKey): { name: string; value: string } | undefined {
  for (const name of OPTION_ENV[key]) {
    const value = env[name];
    // kube-up read ${VAR:-default}: an empty variable is unset.
    if (value !== undefined && value.trim() !== '') return { name, value };
  }
  return undefined;
}

/** Drops remembered values that no longer pass their own check (an edited or older file). */
function usableRemembered(remembered: Partial<ClusterConfig> | undefined): Partial<ClusterConfig> {
  const usable: Partial<ClusterConfig> = {};
  if (!remembered) return usable;
  for (const key of OPTION_KEYS) {
    const value = remembered[key];
    if (value === undefined) continue;
    // Without a config, cross-field checks (zone in region, subnet needs VPC) wait for validateConfig.
    if (fieldProblem(key, value as never)) continue;
    (usable as Record<string, unknown>)[key] = value;
  }
  return usable;
}

/**
 * Resolves every option: flag > kube-up environment variable > remembered (only when given) >
 * default. Reports where each value came from. Throws UsageError only for text that cannot be read
 * (a count that is not a number, a boolean that is not one) or a `--region` that disagrees with the
 * zone; everything else is validateConfig's.
 */
export function resolveOptions({ flags, env, remembered }: ResolveInput): ResolvedOptions {
  const notices: string[] = [];
  const sources = {} as Record<OptionKey, OptionSource>;
  const origins: Partial<Record<OptionKey, string>> = {};
  const memory = usableRemembered(remembered);
  const values: Partial<Record<OptionKey, unknown>> = {};
  const defaults: Partial<ClusterConfig> = { ...DEFAULT_CONFIG, sshKey: DEFAULT_SSH_KEY };

  for (const key of OPTION_KEYS) {
    if (key === 'region' || key === 'zone') continue;
    const flag = flagValue(flags, key);
    const fromEnv = envValue(env, key);
    if (flag !== undefined && flag.trim() === '')
      throw optionError(key, flag, EMPTY_VALUE_PROBLEM[key] ?? EMPTY_VALUE, OPTION_FLAGS[key]);
    if (flag !== undefined) {
      values[key] = parseOptionValue(key, flag, notices, OPTION_FLAGS[key], env);
      sources[key] = 'flag';
      origins[key] = OPTION_FLAGS[key];
    } else if (fromEnv) {
      values[key] = parseOptionValue(key, fromEnv.value, notices, fromEnv.name, env);
      sources[key] = 'env';
      origins[key] = fromEnv.name;
      const other = OPTION_ENV[key].find((name) => name !== fromEnv.name && env[name]?.trim());
      if (other && env[other]?.trim() !== fromEnv.value.trim()) {
        notices.push(
          `${other} ${env[other]?.trim()} is ignored: ${fromEnv.name} ${fromEnv.value.trim()} takes precedence`,
        );
      }
    } else if (memory[key] !== undefined) {
      values[key] = memory[key];
      sources[key] = 'remembered';
    } else {
      values[key] = key === 'sshKey' ? expandHome(DEFAULT_SSH_KEY, env) : defaults[key];
      sources[key] = 'default';
    }
  }

  resolvePlace(flags, env, memory, values, sources, origins, notices);

  return { config: values as unknown as ClusterConfig, sources, origins, notices };
}

/**
 * kube-up's rule: the region is the zone minus its letter. The zone comes from --zone, else
 * KUBE_AWS_ZONE; with neither, the region comes from --region, else AWS_REGION /
 * AWS_DEFAULT_REGION, else the remembered zone's, else us-west-2, and the zone is the remembered
 * one when it lies in that region, else the region's first ("a").
 */
function resolvePlace(
  flags: UpFlags,
  env: NodeJS.ProcessEnv,
  memory: Partial<ClusterConfig>,
  values: Partial<Record<OptionKey, unknown>>,
  sources: Record<OptionKey, OptionSource>,
  origins: Partial<Record<OptionKey, string>>,
  notices: string[],
): void {
  const regionFlag = flagValue(flags, 'region')?.trim().toLowerCase();
  const zoneFlag = flagValue(flags, 'zone');
  const zoneEnv = envValue(env, 'zone');
  const zoneGiven =
    zoneFlag !== undefined
      ? { value: zoneFlag, origin: '--zone', source: 'flag' as const }
      : zoneEnv
        ? { value: zoneEnv.value, origin: zoneEnv.name, source: 'env' as const }
        : undefined;

  if (zoneGiven) {
    const zone = parseOptionValue('zone', zoneGiven.value, notices, zoneGiven.origin);
    const region = regionOfZone(zone);
    if (!region)
      throw optionError('zone', zone, 'an availability zone name such as us-west-2a', zoneGiven.origin);
    if (regionFlag !== undefined && regionFlag !== region) {
      throw new UsageError(
        `--region ${regionFlag} disagrees with ${zoneGiven.origin} ${zone}: the region is the zone minus its letter (${region}); pass a zone of ${regionFlag} or drop --region`,
      );
    }
    values.zone = zone;
    values.region = region;
    sources.zone = zoneGiven.source;
    sources.region = zoneGiven.source;
    origins.zone = zoneGiven.origin;
    origins.region = zoneGiven.origin;
    return;
  }

  const regionEnv = envValue(env, 'region');
  const rememberedRegion = memory.zone ? regionOfZone(memory.zone) : memory.region;
  let region: string;
  if (regionFlag !== undefined) {
    region = regionFlag;
    sources.region = 'flag';
    origins.region = '--region';
  } else if (regionEnv) {
    region = regionEnv.value.trim().toLowerCase();
    sources.region = 'env';
    origins.region = regionEnv.name;
  } else if (rememberedRegion) {
    region = rememberedRegion;
    sources.region = 'remembered';
  } else {
    region = DEFAULT_CONFIG.region;
    sources.region = 'default';
  }
  if (!isRegionName(region))
    throw optionError('region', region, 'an AWS region name such as us-west-2', origins.region);
  values.region = region;

  if (memory.zone && regionOfZone(memory.zone) === region) {
    values.zone = memory.zone;
    sources.zone = 'remembered';
  } else if (region === DEFAULT_CONFIG.region) {
    values.zone = DEFAULT_CONFIG.zone;
    sources.zone = sources.region === 'default' ? 'default' : sources.region;
    if (origins.region) origins.zone = origins.region;
  } else {
    values.zone = `${region}a`;
    sources.zone = sources.region;
    if (origins.region) origins.zone = origins.region;
  }
}

/**
 * What `up --yes` and the wizard start from: resolved without remembered choices and validated.
 * Throws UsageError naming the option, its value and what is allowed.
 */
export function optionsFromCli(flags: UpFlags, env: NodeJS.ProcessEnv): ResolvedOptions {
  const resolved = resolveOptions({ flags, env });
  validateConfig(resolved.config, resolved.origins);
  return resolved;
}

/** "from MASTER_SIZE", "from --nodes", "remembered", or undefined for a default. */
export function sourceLabel(
  resolved: Pick<ResolvedOptions, 'sources' | 'origins'>,
  key: OptionKey,
): string | undefined {
  const source = resolved.sources[key];
  if (source === 'flag' || source === 'env') return `from ${resolved.origins[key] ?? source}`;
  if (source === 'remembered') return 'remembered from last time';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Advice shown inline while choosing sizes (the live vCPU / memory checks are the engine's plan())

const TINY_TYPE = /^[a-z][a-z0-9-]*\.(nano|micro)$/;

/** The kube-up article's warning for small nodes, by type name only. */
export function nodeSizeWarning(nodeSize: string, clusterLogging = false): string | undefined {
  if (TINY_TYPE.test(nodeSize)) {
    return `${nodeSize} nodes run out of memory and drop to NotReady (the kube-up article's warning: not even for testing); use at least t3.small${clusterLogging ? ', or turn cluster logging off' : ''}`;
  }
  if (clusterLogging && /\.small$/.test(nodeSize)) {
    return `${nodeSize} has about 2 GiB: Elasticsearch + Kibana will not fit; turn cluster logging off or use t3.medium`;
  }
  return undefined;
}

/** kubeadm's preflight needs 2 vCPU and 1700 MiB on the control plane. */
export function masterSizeWarning(masterSize: string): string | undefined {
  if (TINY_TYPE.test(masterSize) || /^t2\.small$/.test(masterSize)) {
    return `${masterSize} is below kubeadm's minimum for the control plane (2 vCPU, 1700 MiB): the plan will refuse it`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Commands to show the user

/** `kube-tui up …` with every value that differs from the defaults, so a rerun resumes this cluster. */
export function upCommand(
  config: ClusterConfig,
  env: NodeJS.ProcessEnv = {},
  connection: ConnectionFlags = {},
): string {
  const parts = ['up', '--cluster', config.name, '--zone', config.zone];
  const defaults: Partial<ClusterConfig> = { ...DEFAULT_CONFIG, sshKey: expandHome(DEFAULT_SSH_KEY, env) };
  for (const key of OPTION_KEYS) {
    if (key === 'name' || key === 'zone' || key === 'region') continue;
    const value = config[key];
    if (value === undefined || value === defaults[key]) continue;
    parts.push(OPTION_FLAGS[key], String(value));
  }
  return commandLine([...parts, ...connectionWords(connection)]);
}

/** The teardown command for a cluster. */
export function downCommand(
  config: Pick<ClusterConfig, 'name' | 'region'> & {
    bucket?: string | undefined;
    bucketRegion?: string | undefined;
  },
  connection: ConnectionFlags = {},
  userBucket = false,
): string {
  return commandLine(
    downCommandWords({
      cluster: config.name,
      region: config.region,
      bucket:
        userBucket && config.bucket
          ? { name: config.bucket, region: config.bucketRegion ?? config.region }
          : undefined,
      connection,
    }),
  );
}

// Every cluster option in one table: its flag, kube-up's variables, how its text is read, what it
// allows, where the wizard asks it, whether the wizard remembers it, and its help. Resolution and
// validation (options.ts), the wizard's steps (state/wizard.ts), the remembered keys (local/store.ts)
// and commander's flags (cli.tsx) all read it, so an option is one entry here (plus its field and
// default in config.ts, which the compiler then demands).

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
import { expandHome } from './home-path.js';
import { parseTtl, TTL_ALLOWED, TTL_CHOICES } from './lifecycle.js';
import { VPC_CIDR } from './network.js';
import { isKnownRegion, KNOWN_REGIONS_TEXT, regionOfZone } from './region.js';
import {
  isAddingZones,
  MULTIZONE_COUNT,
  NODE_ZONES_ALLOWED,
  nodeZonesProblem,
  parseNodeZones,
} from './zones.js';

export type OptionKey = keyof ClusterConfig;

/** What parsing one option's text may do besides returning the value. */
export interface ParseContext {
  /** Where the text came from: the flag (`--nodes`) or the variable (`NUM_NODES`). */
  origin: string;
  /** For `~` in paths. */
  env: NodeJS.ProcessEnv;
  /** The text cannot be read as this option at all: throws, naming what is allowed. */
  fail(allowed: string): never;
  /** A kube-up value that is now another: returns `to`, with a notice. */
  mapped(to: string): string;
  notice(message: string): void;
}

/** A row of a wizard list: what it shows and the value it stands for. */
export interface Choice {
  label: string;
  value: string;
}

export type WizardInput =
  /** Typed text; an optional value is cleared by typing "none". */
  | { kind: 'text'; optional?: boolean }
  | { kind: 'list'; choices(config: ClusterConfig): Choice[] }
  /** Common instance types with their price, and "other…" to type one. */
  | { kind: 'instance-type' }
  /** A list fetched from AWS while the wizard runs. */
  | { kind: 'live'; list: 'regions' | 'zones' };

/** The CIDRs a plan resolved for SSH and the API: the caller's IP /32, or 0.0.0.0/0. */
export interface ResolvedIngress {
  ssh: string;
  api: string;
}

/** Before any plan: what the default will be. After one: the CIDR it resolved, as the review shows it. */
const UNRESOLVED_INGRESS = 'your IP /32, else 0.0.0.0/0';

export function ingressDefault(resolved: string | undefined): string {
  if (resolved === undefined) return UNRESOLVED_INGRESS;
  return resolved === '0.0.0.0/0' ? `${resolved} (your IP could not be learned)` : `${resolved} (your IP)`;
}

export interface WizardPrompt {
  /** The main steps, or the network and access steps behind "Change…". */
  part: 'main' | 'advanced';
  title: string;
  /** `ingress`: the SSH and API CIDRs the last plan resolved, once a review has run. */
  help: string | ((config: ClusterConfig, ingress?: ResolvedIngress) => string);
  input: WizardInput;
  /** Advice for the value under the cursor (`text`), shown on the step. */
  advice?(text: string, config: ClusterConfig): string | undefined;
  /** Refused where it is chosen, beyond the option's own check (why, with what to pick instead). */
  refuse?(text: string): string | undefined;
}

export interface OptionSpec<K extends OptionKey> {
  /** The command-line flag; error messages name the option by it. */
  flag: `--${string}`;
  /** The value's name in `--help`: `--nodes <count>`. */
  placeholder: string;
  /** `up`'s own flag, or one of every command (`--region`). */
  scope: 'up' | 'global';
  /** kube-up's environment variables, newest name first: the first one set wins. */
  env: readonly string[];
  /** What the option is, for `--help` (the variables and the default are added). */
  help: string;
  /** The default as help states it, when it is not DEFAULT_CONFIG's value. */
  defaultText?: string;
  /** An empty value is refused rather than defaulted. */
  required?: boolean;
  /** What `--flag ''` is told (default: leave the flag out for the default). */
  emptyProblem?: string;
  /** The trimmed text as the config holds it; `ctx.fail` when it cannot be read at all. */
  parse(text: string, ctx: ParseContext): ClusterConfig[K];
  /** What is allowed when the value is not, else undefined; `config` adds the cross-field rules. */
  check(value: NonNullable<ClusterConfig[K]>, config?: Partial<ClusterConfig>): string | undefined;
  /** Where the wizard asks it, or 'flag only' (flags and variables set it). */
  wizard: WizardPrompt | 'flag only';
  /** Kept for the next wizard (default: when the wizard asks it). */
  remembered?: boolean;
  /** A flag without a value (`--protect`): given means true; its variables still take true/false. */
  bare?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Formats and limits

const ZONE_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d[a-z]$/;
const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const IMAGE_ID_PATTERN = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const VPC_ID_PATTERN = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID_PATTERN = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const KUBERNETES_VERSION_PATTERN = /^1\.\d{2}$/;
// Goes into the instances' scripts and apt/yum sources: no quotes, spaces or shell characters.
const PACKAGE_MIRROR_PATTERN = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~:%@+-]+)*$/;
const MAX_NODES = 100;
/** Why ENABLE_NODE_PUBLIC_IP=false is refused, and what to do instead. */
const NODE_PUBLIC_IP_ONLY =
  "true: nodes reach the internet (packages, images, AWS's APIs) through the cluster's internet gateway only with a public IPv4; without one they need a NAT gateway (about $33/month plus traffic), which kube-tui does not make. Their security group still admits only the cluster and SSH from --ssh-cidr";
const MAX_DISK_GIB = 16_384;
/** Auto Scaling's least SpotMaxPrice, and a cap far above any instance's on-demand price. */
const MIN_SPOT_PRICE_USD = 0.001;
const MAX_SPOT_PRICE_USD = 100;
const SPOT_PRICE_ALLOWED = `a price in USD per hour from ${MIN_SPOT_PRICE_USD} to ${MAX_SPOT_PRICE_USD}, such as 0.02`;

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

// ---------------------------------------------------------------------------------------------
// Advice shown while choosing sizes (the live vCPU / memory checks are the engine's plan())

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
// Shared readers and checks

const TRUE_WORDS = new Set(['true', 'yes', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'off']);

function parseBoolean(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

const lowercase = (text: string) => text.toLowerCase();
const asIs = (text: string) => text;

const booleanText = (text: string, ctx: ParseContext): boolean => {
  const value = parseBoolean(text);
  return value ?? ctx.fail('true or false (also yes/no, 1/0)');
};
const isBoolean = (value: boolean) => (typeof value === 'boolean' ? undefined : 'true or false');

const wholeNumber =
  (allowed: string) =>
  (text: string, ctx: ParseContext): number =>
    /^-?\d+$/.test(text) ? Number(text) : ctx.fail(allowed);
const inRange = (min: number, max: number, allowed: string) => (value: number) =>
  Number.isInteger(value) && value >= min && value <= max ? undefined : allowed;

const oneOf = (values: readonly string[]) => (value: string) =>
  values.includes(value) ? undefined : `one of ${values.join(', ')}`;
const matching = (pattern: RegExp, allowed: string) => (value: string) =>
  pattern.test(value) ? undefined : allowed;

/** kube-up's old value mapped to today's, with a notice; else the text in lowercase. */
const withLegacy =
  (legacy: Record<string, string>) =>
  (text: string, ctx: ParseContext): string => {
    const lower = text.toLowerCase();
    return legacy[lower] ? ctx.mapped(legacy[lower]) : lower;
  };

const INGRESS_CIDR = 'an IPv4 CIDR with its host bits zero, such as 203.0.113.7/32 or 0.0.0.0/0';
/** A bare address means that one host. */
const hostOrCidr = (text: string) => (/^\d+\.\d+\.\d+\.\d+$/.test(text) ? `${text}/32` : text);
const isCidr = (value: string) => (parseCidr(value) ? undefined : INGRESS_CIDR);
const INGRESS_EMPTY =
  'an IPv4 CIDR such as 203.0.113.7/32 or 0.0.0.0/0; leave the flag out for your public IP /32';

const listOf = (values: readonly string[]) => () => values.map((value) => ({ label: value, value }));
const yesNo = (yes: string, no: string) => () => [
  { label: `yes  ${yes}`, value: 'true' },
  { label: `no   ${no}`, value: 'false' },
];

/** "--vpc-id (VPC_ID)": another option as messages name it. */
const named = (key: OptionKey) => `${OPTIONS[key].flag} (${OPTIONS[key].env[0]})`;

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

const NODES_ALLOWED = `a whole number of nodes from 1 to ${MAX_NODES}`;
const DISK_ALLOWED = `a whole number of GiB from 1 to ${MAX_DISK_GIB}`;

const TTL_LABELS: Record<(typeof TTL_CHOICES)[number], string> = {
  never: 'never    kept until you delete it',
  '8h': '8 hours',
  '24h': '24 hours',
  '7d': '7 days',
};

// ---------------------------------------------------------------------------------------------
// The table, in the order of `--help`, the wizard and validation

export const OPTIONS: { readonly [K in OptionKey]: OptionSpec<K> } = {
  name: {
    flag: '--cluster',
    placeholder: 'name',
    scope: 'up',
    env: ['KUBE_AWS_INSTANCE_PREFIX'],
    help: 'cluster name',
    required: true,
    parse: asIs,
    check: matching(
      CLUSTER_NAME_PATTERN,
      "lowercase letters, digits and '-', 1 to 28 characters, starting with a letter",
    ),
    wizard: {
      part: 'main',
      title: 'Cluster name',
      help: "Lowercase letters, digits and '-', up to 28 characters.",
      input: { kind: 'text' },
    },
  },
  region: {
    flag: '--region',
    placeholder: 'region',
    scope: 'global',
    // Not kube-up's (it took the region from the zone): read only when no zone is given.
    env: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
    help: 'AWS region; with --zone or KUBE_AWS_ZONE, the zone minus its letter',
    required: true,
    parse: lowercase,
    check: (value) => (isKnownRegion(value) ? undefined : KNOWN_REGIONS_TEXT),
    wizard: {
      part: 'main',
      title: 'Region',
      help: 'Where the cluster runs.',
      input: { kind: 'live', list: 'regions' },
    },
  },
  zone: {
    flag: '--zone',
    placeholder: 'zone',
    scope: 'up',
    env: ['KUBE_AWS_ZONE'],
    help: 'availability zone; the region is the zone minus its letter',
    required: true,
    parse: lowercase,
    check: (value, config) => {
      if (!ZONE_PATTERN.test(value)) return 'an availability zone name such as us-west-2a';
      if (!isKnownRegion(regionOfZone(value) ?? '')) return `a zone of ${KNOWN_REGIONS_TEXT}`;
      const region = config?.region;
      return region && regionOfZone(value) !== region
        ? `a zone of the region ${region} (the region is the zone minus its letter)`
        : undefined;
    },
    wizard: {
      part: 'main',
      title: 'Zone',
      help: (config) => `The subnet, master and nodes share one zone of ${config.region}.`,
      input: { kind: 'live', list: 'zones' },
    },
  },
  os: {
    flag: '--os',
    placeholder: 'distribution',
    scope: 'up',
    env: ['KUBE_OS_DISTRIBUTION'],
    help: `operating system: ${OS_DISTRIBUTIONS.join(', ')}`,
    required: true,
    parse: (text, ctx) => withLegacy(LEGACY_OS)(text, ctx) as OsDistribution,
    check: oneOf(OS_DISTRIBUTIONS),
    wizard: {
      part: 'main',
      title: 'Operating system',
      help: 'The image of every instance (the newest of its kind).',
      input: { kind: 'list', choices: listOf(OS_DISTRIBUTIONS) },
    },
  },
  image: {
    flag: '--node-image',
    placeholder: 'ami',
    scope: 'up',
    env: ['KUBE_NODE_IMAGE', 'KUBE_MINION_IMAGE'],
    help: 'image id for all instances instead of the OS lookup',
    parse: asIs,
    check: matching(IMAGE_ID_PATTERN, 'an image id such as ami-0123456789abcdef0'),
    wizard: 'flag only',
  },
  masterSize: {
    flag: '--master-size',
    placeholder: 'type',
    scope: 'up',
    env: ['MASTER_SIZE'],
    help: 'control-plane instance type',
    required: true,
    parse: lowercase,
    check: matching(INSTANCE_TYPE_PATTERN, 'an EC2 instance type such as t3.medium'),
    wizard: {
      part: 'main',
      title: 'Master size',
      help: 'The control plane needs at least 2 vCPU and 1700 MiB (kubeadm).',
      input: { kind: 'instance-type' },
      advice: (text) => masterSizeWarning(text),
      // Refused where it is chosen, not only by the plan at the review.
      refuse: (text) =>
        masterSizeWarning(text)
          ? `${text} is too small for the control plane: kubeadm needs 2 vCPU and 1700 MiB; pick t3.small or larger`
          : undefined,
    },
  },
  nodeSize: {
    flag: '--node-size',
    placeholder: 'type',
    scope: 'up',
    env: ['NODE_SIZE', 'MINION_SIZE'],
    help: 'node instance type',
    required: true,
    parse: lowercase,
    check: matching(INSTANCE_TYPE_PATTERN, 'an EC2 instance type such as t3.medium'),
    wizard: {
      part: 'main',
      title: 'Node size',
      help: 'Every node of the Auto Scaling group.',
      input: { kind: 'instance-type' },
      advice: (text, config) => nodeSizeWarning(text, config.clusterLogging),
    },
  },
  nodes: {
    flag: '--nodes',
    placeholder: 'count',
    scope: 'up',
    env: ['NUM_NODES', 'NUM_MINIONS'],
    help: 'number of nodes in the Auto Scaling group',
    parse: wholeNumber(NODES_ALLOWED),
    check: inRange(1, MAX_NODES, NODES_ALLOWED),
    wizard: {
      part: 'main',
      title: 'Number of nodes',
      help: `From 1 to ${MAX_NODES}.`,
      input: { kind: 'text' },
    },
  },
  masterDiskType: {
    flag: '--master-disk-type',
    placeholder: 'type',
    scope: 'up',
    env: ['MASTER_DISK_TYPE'],
    help: `master etcd volume type, ${DISK_TYPES.join(' or ')}`,
    parse: (text) => lowercase(text) as ClusterConfig['masterDiskType'],
    check: oneOf(DISK_TYPES),
    wizard: {
      part: 'main',
      title: 'Master disk type',
      help: "The master's etcd volume (encrypted).",
      input: { kind: 'list', choices: listOf(DISK_TYPES) },
    },
  },
  masterDiskSize: {
    flag: '--master-disk-size',
    placeholder: 'GiB',
    scope: 'up',
    env: ['MASTER_DISK_SIZE'],
    help: 'master etcd volume size in GiB',
    parse: wholeNumber(DISK_ALLOWED),
    check: inRange(1, MAX_DISK_GIB, DISK_ALLOWED),
    wizard: {
      part: 'main',
      title: 'Master disk size (GiB)',
      help: `From 1 to ${MAX_DISK_GIB}.`,
      input: { kind: 'text' },
    },
  },
  bucket: {
    flag: '--bucket',
    placeholder: 'name',
    scope: 'up',
    env: ['AWS_S3_BUCKET'],
    help: 'your own S3 staging bucket; only <cluster>/ in it is used',
    defaultText: 'one kube-tui makes and owns',
    parse: asIs,
    check: bucketNameProblem,
    wizard: 'flag only',
  },
  bucketRegion: {
    flag: '--bucket-region',
    placeholder: 'region',
    scope: 'up',
    env: ['AWS_S3_REGION'],
    help: 'region of the staging bucket',
    defaultText: 'the cluster region',
    parse: lowercase,
    check: (value, config) => {
      if (!isKnownRegion(value)) return KNOWN_REGIONS_TEXT;
      return config && !config.bucket ? `only together with ${named('bucket')}` : undefined;
    },
    wizard: 'flag only',
  },
  sshKey: {
    flag: '--ssh-key',
    placeholder: 'path',
    scope: 'up',
    env: ['AWS_SSH_KEY'],
    help: 'private SSH key; generated if absent',
    defaultText: DEFAULT_SSH_KEY,
    required: true,
    parse: (text, ctx) => expandHome(text, ctx.env),
    check: () => undefined,
    wizard: 'flag only',
  },
  monitoring: {
    flag: '--monitoring',
    placeholder: 'addon',
    scope: 'up',
    env: ['KUBE_ENABLE_CLUSTER_MONITORING'],
    help: `resource metrics add-on: ${MONITORING_OPTIONS.join(' or ')}`,
    parse: (text, ctx) => {
      const lower = text.toLowerCase();
      if (LEGACY_MONITORING[lower]) return ctx.mapped(LEGACY_MONITORING[lower]) as Monitoring;
      const enabled = parseBoolean(lower);
      if (enabled !== undefined) return enabled ? 'metrics-server' : 'none';
      return lower as Monitoring;
    },
    check: oneOf(MONITORING_OPTIONS),
    wizard: {
      part: 'main',
      title: 'Monitoring',
      help: 'Resource metrics for kubectl top and autoscalers.',
      input: { kind: 'list', choices: listOf(MONITORING_OPTIONS) },
    },
  },
  nodeLogging: {
    flag: '--node-logging',
    placeholder: 'bool',
    scope: 'up',
    env: ['KUBE_ENABLE_NODE_LOGGING'],
    help: 'Fluent Bit on every node, true or false',
    parse: booleanText,
    check: isBoolean,
    wizard: {
      part: 'main',
      title: 'Node logging',
      help: 'Collect container logs on every node.',
      input: { kind: 'list', choices: yesNo('Fluent Bit DaemonSet', 'no log collection') },
    },
  },
  loggingDestination: {
    flag: '--logging-destination',
    placeholder: 'dest',
    scope: 'up',
    env: ['KUBE_LOGGING_DESTINATION'],
    help: `where node logs go: ${LOGGING_DESTINATIONS.join(' or ')}`,
    parse: (text, ctx) => withLegacy(LEGACY_LOGGING)(text, ctx) as LoggingDestination,
    check: oneOf(LOGGING_DESTINATIONS),
    wizard: {
      part: 'main',
      title: 'Logging destination',
      help: 'Where node logs go.',
      input: {
        kind: 'list',
        choices: (config) =>
          LOGGING_DESTINATIONS.map((value) => ({
            label:
              value === 'cloudwatch'
                ? `cloudwatch     log group /kube-tui/${config.name}`
                : `${value}  in the cluster`,
            value,
          })),
      },
    },
  },
  clusterLogging: {
    flag: '--cluster-logging',
    placeholder: 'bool',
    scope: 'up',
    env: ['KUBE_ENABLE_CLUSTER_LOGGING'],
    help: 'in-cluster Elasticsearch + Kibana, true or false',
    parse: booleanText,
    check: isBoolean,
    wizard: {
      part: 'main',
      title: 'Cluster logging',
      help: 'Elasticsearch + Kibana inside the cluster.',
      input: { kind: 'list', choices: yesNo('Elasticsearch + Kibana', 'none (recommended on small nodes)') },
      advice: (text, config) => (text === 'true' ? nodeSizeWarning(config.nodeSize, true) : undefined),
    },
  },
  vpcId: {
    flag: '--vpc-id',
    placeholder: 'id',
    scope: 'up',
    env: ['VPC_ID'],
    help: 'use an existing VPC, tagged shared and never deleted',
    defaultText: 'a new VPC',
    parse: asIs,
    check: matching(VPC_ID_PATTERN, 'a VPC id such as vpc-0123456789abcdef0'),
    wizard: {
      part: 'advanced',
      title: 'Existing VPC id',
      help: 'Use a VPC of yours (tagged shared, never deleted).',
      input: { kind: 'text', optional: true },
    },
  },
  subnetId: {
    flag: '--subnet-id',
    placeholder: 'id',
    scope: 'up',
    env: ['SUBNET_ID'],
    help: 'use an existing subnet in that VPC',
    defaultText: 'a new subnet',
    parse: asIs,
    check: (value, config) => {
      if (!SUBNET_ID_PATTERN.test(value)) return 'a subnet id such as subnet-0123456789abcdef0';
      return config && !config.vpcId
        ? `a subnet id together with ${named('vpcId')}, the VPC it belongs to`
        : undefined;
    },
    wizard: {
      part: 'advanced',
      title: 'Existing subnet id',
      help: 'A subnet of that VPC with a route to an internet gateway.',
      input: { kind: 'text', optional: true },
    },
  },
  subnetCidr: {
    flag: '--subnet-cidr',
    placeholder: 'cidr',
    scope: 'up',
    env: ['KUBE_SUBNET_CIDR'],
    help: 'CIDR of the subnet to create in an existing VPC',
    defaultText: '172.20.0.0/24',
    emptyProblem: 'an IPv4 CIDR such as 172.20.0.0/24; leave the flag out for the default',
    parse: asIs,
    check: (value, config) => {
      const cidr = parseCidr(value);
      if (!cidr) return 'an IPv4 CIDR with its host bits zero, such as 172.20.0.0/24';
      if (cidr.prefix < 16 || cidr.prefix > 28) return 'a subnet from /16 to /28 (AWS limits)';
      if (config && !config.vpcId && !cidrContains(parseCidr(VPC_CIDR)!, cidr)) {
        return `a CIDR inside ${VPC_CIDR}, the VPC kube-tui creates (or give ${OPTIONS.vpcId.flag})`;
      }
      return undefined;
    },
    wizard: {
      part: 'advanced',
      title: 'Subnet CIDR',
      help: 'The subnet to create (default 172.20.0.0/24).',
      input: { kind: 'text', optional: true },
    },
  },
  sshCidr: {
    flag: '--ssh-cidr',
    placeholder: 'cidr',
    scope: 'up',
    env: ['SSH_CIDR'],
    help: 'who may reach port 22',
    defaultText: 'your public IP /32',
    emptyProblem: INGRESS_EMPTY,
    parse: hostOrCidr,
    check: isCidr,
    wizard: {
      part: 'advanced',
      title: 'SSH from (CIDR)',
      help: (_config, ingress) => `Who may reach port 22 (default: ${ingressDefault(ingress?.ssh)}).`,
      input: { kind: 'text', optional: true },
    },
  },
  apiCidr: {
    flag: '--api-cidr',
    placeholder: 'cidr',
    scope: 'up',
    env: ['HTTP_API_CIDR'],
    help: 'who may reach the API server on 443',
    defaultText: 'your public IP /32',
    emptyProblem: INGRESS_EMPTY,
    parse: hostOrCidr,
    check: isCidr,
    wizard: {
      part: 'advanced',
      title: 'API server from (CIDR)',
      help: (_config, ingress) => `Who may reach port 443 (default: ${ingressDefault(ingress?.api)}).`,
      input: { kind: 'text', optional: true },
    },
  },
  nodePublicIp: {
    flag: '--node-public-ip',
    placeholder: 'bool',
    scope: 'up',
    env: ['ENABLE_NODE_PUBLIC_IP'],
    help: "a public IPv4 for every node, as kube-up's default (only true: see the README)",
    parse: booleanText,
    check: (value) => (value === true ? undefined : NODE_PUBLIC_IP_ONLY),
    wizard: {
      part: 'advanced',
      title: 'Node public IPs',
      help: 'Nodes reach the internet through the internet gateway, which needs a public IPv4 on each.',
      input: {
        kind: 'list',
        choices: yesNo(
          "a public IPv4 on each node (kube-up's default)",
          'none: needs a NAT gateway, refused',
        ),
      },
    },
  },
  nodeSpot: {
    flag: '--node-spot',
    placeholder: 'bool',
    scope: 'up',
    env: ['KUBE_TUI_NODE_SPOT'],
    help: 'spot nodes, at most the on-demand price (cheaper; AWS may reclaim them at two minutes notice)',
    bare: true,
    parse: booleanText,
    check: isBoolean,
    wizard: {
      part: 'advanced',
      title: 'Spot nodes',
      help: 'Spot capacity costs less; AWS may reclaim a node at two minutes notice (the group replaces it).',
      input: {
        kind: 'list',
        choices: yesNo('spot nodes, at most the on-demand price', 'on-demand nodes'),
      },
    },
  },
  nodeSpotPrice: {
    flag: '--node-spot-price',
    placeholder: 'usd',
    scope: 'up',
    env: ['NODE_SPOT_PRICE'],
    help: "spot nodes at most this USD/hour, such as 0.02 (kube-up's: set means spot)",
    defaultText: 'on-demand nodes',
    emptyProblem: `${SPOT_PRICE_ALLOWED}; leave the flag out for on-demand nodes`,
    parse: (text, ctx) => (/^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : ctx.fail(SPOT_PRICE_ALLOWED)),
    check: (value) =>
      Number.isFinite(value) && value >= MIN_SPOT_PRICE_USD && value <= MAX_SPOT_PRICE_USD
        ? undefined
        : SPOT_PRICE_ALLOWED,
    wizard: {
      part: 'advanced',
      title: 'Spot price cap (USD/hour)',
      help: 'A cap makes the nodes spot; "none": no cap of your own (the on-demand price, if spot).',
      input: { kind: 'text', optional: true },
    },
  },
  nodeZones: {
    flag: '--node-zones',
    placeholder: 'zones',
    scope: 'up',
    // KUBE_USE_EXISTING_MASTER first: kube-up's second run set both it and MULTIZONE to true.
    env: ['KUBE_USE_EXISTING_MASTER', 'MULTIZONE'],
    help: "zones with nodes, such as a,b,c: a subnet and a group of --nodes nodes in each (+b adds zone b to an existing cluster, as kube-up's KUBE_USE_EXISTING_MASTER=true with KUBE_AWS_ZONE did; MULTIZONE=true: 3 zones)",
    defaultText: "the master's zone only",
    emptyProblem: `${NODE_ZONES_ALLOWED}; leave the flag out for the master's zone only`,
    parse: (text, ctx) => {
      const flag = parseBoolean(text);
      if (flag !== undefined && ctx.origin === 'KUBE_USE_EXISTING_MASTER') {
        // kube-up added KUBE_AWS_ZONE's nodes to the cluster whose master already ran.
        // false: a first run, as the variable's precedence notice says (MULTIZONE is not read).
        if (!flag) return undefined;
        const zone = ctx.env.KUBE_AWS_ZONE?.trim().toLowerCase();
        return zone
          ? [`+${zone}`]
          : ctx.fail('true together with KUBE_AWS_ZONE, the zone whose nodes to add');
      }
      if (flag !== undefined) return flag ? Number(ctx.mapped(String(MULTIZONE_COUNT))) : undefined;
      return parseNodeZones(text) ?? ctx.fail(NODE_ZONES_ALLOWED);
    },
    check: (value, config) => {
      const problem = nodeZonesProblem(value, config);
      if (problem || !config?.subnetId) return problem;
      const more = typeof value === 'number' ? value > 1 : value.length > 1 || isAddingZones(value);
      return more
        ? `the master's zone only with ${named('subnetId')}: the other zones' subnets are kube-tui's own, in the cluster's route table`
        : undefined;
    },
    wizard: {
      part: 'advanced',
      title: 'Node zones',
      help: (config) =>
        `Zones of ${config.region} with nodes, such as a,b,c: a subnet and a group of ${config.nodes} nodes in each; "none": ${config.zone} only.`,
      input: { kind: 'text', optional: true },
      refuse: (text) =>
        text.trim().startsWith('+')
          ? 'adding zones to an existing cluster is a command: kube-tui up --cluster <name> --node-zones +b --yes'
          : undefined,
    },
  },
  masterRootDiskType: {
    flag: '--master-root-disk-type',
    placeholder: 'type',
    scope: 'up',
    env: ['MASTER_ROOT_DISK_TYPE'],
    help: `master root disk type, ${DISK_TYPES.join(' or ')}`,
    parse: (text) => lowercase(text) as ClusterConfig['masterRootDiskType'],
    check: oneOf(DISK_TYPES),
    wizard: {
      part: 'advanced',
      title: 'Master root disk type',
      help: "The master's root disk (encrypted; kube-up used gp2).",
      input: { kind: 'list', choices: listOf(DISK_TYPES) },
    },
  },
  masterRootDiskSize: {
    flag: '--master-root-disk-size',
    placeholder: 'GiB',
    scope: 'up',
    env: ['MASTER_ROOT_DISK_SIZE'],
    help: "master root disk size in GiB (at least the image's root snapshot)",
    parse: wholeNumber(DISK_ALLOWED),
    check: inRange(1, MAX_DISK_GIB, DISK_ALLOWED),
    wizard: {
      part: 'advanced',
      title: 'Master root disk size (GiB)',
      help: "At least the image's root snapshot (checked in the plan); kube-up used 8.",
      input: { kind: 'text' },
    },
  },
  nodeRootDiskType: {
    flag: '--node-root-disk-type',
    placeholder: 'type',
    scope: 'up',
    env: ['NODE_ROOT_DISK_TYPE'],
    help: `node root disk type, ${DISK_TYPES.join(' or ')}`,
    parse: (text) => lowercase(text) as ClusterConfig['nodeRootDiskType'],
    check: oneOf(DISK_TYPES),
    wizard: {
      part: 'advanced',
      title: 'Node root disk type',
      help: "Each node's root disk (encrypted; kube-up used gp2).",
      input: { kind: 'list', choices: listOf(DISK_TYPES) },
    },
  },
  nodeRootDiskSize: {
    flag: '--node-root-disk-size',
    placeholder: 'GiB',
    scope: 'up',
    env: ['NODE_ROOT_DISK_SIZE'],
    help: "node root disk size in GiB (at least the image's root snapshot)",
    parse: wholeNumber(DISK_ALLOWED),
    check: inRange(1, MAX_DISK_GIB, DISK_ALLOWED),
    wizard: {
      part: 'advanced',
      title: 'Node root disk size (GiB)',
      help: "At least the image's root snapshot (checked in the plan); kube-up used 32.",
      input: { kind: 'text' },
    },
  },
  kubernetesVersion: {
    flag: '--kubernetes-version',
    placeholder: 'minor',
    scope: 'up',
    env: ['KUBE_VERSION'],
    help: `Kubernetes minor version: ${SUPPORTED_KUBERNETES_MINORS.join(', ')}`,
    required: true,
    parse: (text, ctx) => {
      // kube-up took a release such as v1.2.0; only the minor version matters now.
      const release = /^v?(1\.\d{2})(\.\d+)?$/.exec(text.toLowerCase());
      if (!release || release[1] === text) return text;
      ctx.notice(
        `${ctx.origin} ${text}: using the Kubernetes minor version ${release[1]} (the newest patch)`,
      );
      return release[1]!;
    },
    check: (value) =>
      KUBERNETES_VERSION_PATTERN.test(value) &&
      (SUPPORTED_KUBERNETES_MINORS as readonly string[]).includes(value)
        ? undefined
        : `one of ${SUPPORTED_KUBERNETES_MINORS.join(', ')} (the Kubernetes minors with packages and checked add-on manifests)`,
    wizard: {
      part: 'advanced',
      title: 'Kubernetes version',
      help: 'A minor version, e.g. 1.36.',
      input: { kind: 'text' },
    },
  },
  packageMirror: {
    flag: '--package-mirror',
    placeholder: 'url',
    scope: 'up',
    env: ['KUBE_PACKAGE_MIRROR'],
    help: "a mirror of pkgs.k8s.io's core:/stable: tree for the instances' Kubernetes packages",
    defaultText: 'pkgs.k8s.io',
    parse: asIs,
    check: matching(
      PACKAGE_MIRROR_PATTERN,
      "an http(s) URL of a pkgs.k8s.io mirror without a trailing '/', such as https://mirror.example.com/core:/stable:",
    ),
    wizard: 'flag only',
  },

  // The cluster's lifecycle: its deadline and its protection, tagged on every resource it owns.
  ttl: {
    flag: '--ttl',
    placeholder: 'duration',
    scope: 'up',
    env: ['KUBE_TUI_TTL'],
    help: 'delete after this long: tags the deadline kube-tui/expires-at for cleanup --expired (8h, 24h, 7d)',
    defaultText: 'never',
    parse: (text, ctx) => {
      const ttl = parseTtl(text);
      return ttl === null ? ctx.fail(TTL_ALLOWED) : ttl;
    },
    check: (value) => (parseTtl(value) === value ? undefined : TTL_ALLOWED),
    wizard: {
      part: 'main',
      title: 'Delete after',
      help: 'kube-tui cleanup --expired deletes the cluster once this has passed (from cron or CI).',
      input: {
        kind: 'list',
        choices: () => TTL_CHOICES.map((value) => ({ label: TTL_LABELS[value], value })),
      },
    },
  },
  protect: {
    flag: '--protect',
    placeholder: 'bool',
    scope: 'up',
    env: ['KUBE_TUI_PROTECT'],
    help: 'tag every resource kube-tui/protect=true: down and cleanup refuse to touch the cluster',
    bare: true,
    parse: booleanText,
    check: isBoolean,
    wizard: 'flag only',
  },
};

/** Every option key, in the table's order. */
export const OPTION_KEYS = Object.keys(OPTIONS) as OptionKey[];

/** The wizard's prompt for an option, or undefined for a flag-only one. */
export function wizardPrompt(key: OptionKey): WizardPrompt | undefined {
  const { wizard } = OPTIONS[key];
  return wizard === 'flag only' ? undefined : wizard;
}

/** The options the wizard asks in one part, in the table's order. */
export function wizardKeys(part: WizardPrompt['part']): OptionKey[] {
  return OPTION_KEYS.filter((key) => wizardPrompt(key)?.part === part);
}

/** What the wizard remembers for next time. */
export const REMEMBERED_KEYS: readonly OptionKey[] = OPTION_KEYS.filter(
  (key) => OPTIONS[key].remembered ?? wizardPrompt(key) !== undefined,
);

/** Commander's property for a flag: `--node-image` is `nodeImage`. */
export function flagProperty(key: OptionKey): string {
  return OPTIONS[key].flag.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** `--nodes <count>`, as commander defines it. */
export function flagSyntax(key: OptionKey): string {
  return OPTIONS[key].bare ? OPTIONS[key].flag : `${OPTIONS[key].flag} <${OPTIONS[key].placeholder}>`;
}

/** `--help`'s line: "number of nodes … (NUM_NODES / NUM_MINIONS, default 2)". */
export function flagHelp(key: OptionKey): string {
  const spec = OPTIONS[key];
  const fallback = (DEFAULT_CONFIG as Partial<ClusterConfig>)[key];
  const shown = spec.defaultText ?? (fallback === undefined ? undefined : String(fallback));
  const notes = [spec.env.join(' / '), shown && !spec.bare ? `default ${shown}` : ''].filter(Boolean);
  return notes.length > 0 ? `${spec.help} (${notes.join(', ')})` : spec.help;
}

// Resolves a ClusterConfig from commander's `up` flags, kube-up's environment variables, the
// wizard's remembered choices and the defaults (DESIGN.md section 3), and validates it before any
// AWS call. Pure: the environment and remembered values are arguments, never read here.

import { type ClusterConfig, DEFAULT_CONFIG, DEFAULT_SSH_KEY } from './config.js';
import { UsageError } from './exit.js';
import { expandHome } from './home-path.js';
import {
  flagProperty,
  OPTION_KEYS,
  OPTIONS,
  type OptionKey,
  type OptionSpec,
  type ParseContext,
  wizardPrompt,
} from './option-table.js';
import { isKnownRegion, isRegionName, KNOWN_REGIONS, regionOfZone } from './region.js';

export type { OptionKey };
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

/**
 * A cluster name from any command's --cluster (or the environment): `up`'s rule, before it becomes a
 * path or an AWS call. Returns the name; throws UsageError naming the flag otherwise.
 */
export function validClusterName(value: unknown, flag: string = OPTIONS.name.flag): string {
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
  const spec: OptionSpec<K> = OPTIONS[key];
  if (value === undefined || value === '') return spec.required ? 'a value is required' : undefined;
  return spec.check(value as NonNullable<ClusterConfig[K]>, config);
}

function describeValue(value: unknown): string {
  const text = String(value);
  return text === '' || /\s/.test(text) ? JSON.stringify(text) : text;
}

/** "--nodes 0 (from NUM_NODES): must be …" */
function optionError(key: OptionKey, value: unknown, problem: string, origin?: string): UsageError {
  const { flag } = OPTIONS[key];
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
    const { emptyProblem } = OPTIONS[key];
    const problem = value === '' && emptyProblem ? emptyProblem : fieldProblem(key, value, config);
    if (problem) throw optionError(key, value, problem, origins[key]);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing strings (flags, environment, the wizard's text input) into typed values

/**
 * One option's string as the config holds it: numbers and booleans parsed, legacy values mapped
 * (each mapping adds a notice). Throws UsageError when the text cannot be read at all; range and
 * format checks are validateConfig's.
 */
export function parseOptionValue<K extends OptionKey>(
  key: K,
  raw: string,
  notices: string[] = [],
  origin: string = OPTIONS[key].flag,
  env: NodeJS.ProcessEnv = {},
): ClusterConfig[K] {
  const text = raw.trim();
  const spec: OptionSpec<K> = OPTIONS[key];
  const ctx: ParseContext = {
    origin,
    env,
    fail: (allowed) => {
      throw optionError(key, text, allowed, origin);
    },
    mapped: (to) => {
      notices.push(`${origin} ${text}: the kube-up value "${text}" is now "${to}"`);
      return to;
    },
    notice: (message) => notices.push(message),
  };
  return spec.parse(text, ctx);
}

// ---------------------------------------------------------------------------------------------
// Resolution

/** `--ssh-cidr ''` is a mistake (a variable that was empty), not "use the default". */
const EMPTY_VALUE = 'a value; leave the flag out to get the default';

function flagValue(flags: UpFlags, key: OptionKey): string | undefined {
  const value = flags[flagProperty(key)];
  if (value === undefined || value === null || value === false) return undefined;
  return String(value);
}

function envValue(env: NodeJS.ProcessEnv, key: OptionKey): { name: string; value: string } | undefined {
  for (const name of OPTIONS[key].env) {
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
    const { flag: flagName, env: variables, emptyProblem } = OPTIONS[key];
    if (flag !== undefined && flag.trim() === '')
      throw optionError(key, flag, emptyProblem ?? EMPTY_VALUE, flagName);
    if (flag !== undefined) {
      values[key] = parseOptionValue(key, flag, notices, flagName, env);
      sources[key] = 'flag';
      origins[key] = flagName;
    } else if (fromEnv) {
      values[key] = parseOptionValue(key, fromEnv.value, notices, fromEnv.name, env);
      sources[key] = 'env';
      origins[key] = fromEnv.name;
      const other = variables.find((name) => name !== fromEnv.name && env[name]?.trim());
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

  const fromMemory = OPTION_KEYS.filter((key) => sources[key] === 'remembered');
  const fitted = fitRemembered(values as unknown as ClusterConfig, fromMemory, defaults);
  for (const key of fitted.setAside) sources[key] = 'default';
  notices.push(...fitted.notices);
  return { config: fitted.config, sources, origins, notices };
}

/**
 * Remembered choices only preselect: one that no longer fits the values around it (a node-zone list
 * without the master's new zone) gives way to its default, with a notice, rather than being refused
 * in the wording of a flag the user never gave. Dropping one can unsettle another, so it repeats.
 */
export function fitRemembered(
  config: ClusterConfig,
  remembered: readonly OptionKey[],
  defaults: Partial<ClusterConfig> = DEFAULT_CONFIG,
): { config: ClusterConfig; setAside: OptionKey[]; notices: string[] } {
  let fitted = config;
  const setAside: OptionKey[] = [];
  const notices: string[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const key of remembered) {
      if (setAside.includes(key)) continue;
      const problem = fieldProblem(key, fitted[key], fitted);
      if (!problem) continue;
      const title = wizardPrompt(key)?.title.toLowerCase() ?? OPTIONS[key].flag;
      notices.push(`remembered ${title} ${describeValue(fitted[key])} not used: expected ${problem}`);
      fitted = { ...fitted, [key]: defaults[key] };
      setAside.push(key);
      changed = true;
    }
  }
  return { config: fitted, setAside, notices };
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
      ? { value: zoneFlag, origin: OPTIONS.zone.flag, source: 'flag' as const }
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
    origins.region = OPTIONS.region.flag;
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

export const REMEMBERED_LABEL = 'remembered from last time';

/** "from MASTER_SIZE", "from --nodes", "remembered", or undefined for a default. */
export function sourceLabel(
  resolved: Pick<ResolvedOptions, 'sources' | 'origins'>,
  key: OptionKey,
): string | undefined {
  const source = resolved.sources[key];
  if (source === 'flag' || source === 'env') return `from ${resolved.origins[key] ?? source}`;
  if (source === 'remembered') return REMEMBERED_LABEL;
  return undefined;
}

/**
 * The region of `down`, `inventory`, `cleanup` and the app: --region, else the region of the zone's
 * variable (kube-down worked where kube-up did), else the region's variables, else us-west-2. `up`
 * (resolvePlace) lets the zone decide first, and refuses a --region that disagrees with it.
 */
export function resolveRegion(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const zone = envValue(env, 'zone');
  const zoneRegion = zone ? regionOfZone(zone.value.trim()) : undefined;
  const regionEnv = envValue(env, 'region');
  const region = flag ?? zoneRegion ?? regionEnv?.value.trim() ?? DEFAULT_CONFIG.region;
  const origin = flag !== undefined ? OPTIONS.region.flag : zoneRegion ? zone!.name : regionEnv?.name;
  if (!isRegionName(region)) {
    throw new UsageError(
      `${OPTIONS.region.flag} ${region}: not an AWS region name (expected something like us-west-2)`,
    );
  }
  if (!isKnownRegion(region)) {
    throw new UsageError(
      `${origin} ${region}: not a known AWS region; expected one of ${KNOWN_REGIONS.join(', ')}`,
    );
  }
  return region;
}

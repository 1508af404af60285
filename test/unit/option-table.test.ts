// The OPTIONS table is the only place an option is defined: these checks fail when an entry is
// added or removed and any of its consumers (resolution, `up --help`, the README, the wizard, the
// store) does not follow, or when an option's flag or variable turns up in a table of its own.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryChoiceStore } from '../../src/local/store.js';
import { type ClusterConfig, DEFAULT_CONFIG } from '../../src/model/config.js';
import {
  flagProperty,
  flagSyntax,
  OPTION_KEYS,
  OPTIONS,
  type OptionKey,
  REMEMBERED_KEYS,
  wizardPrompt,
} from '../../src/model/option-table.js';
import { resolveOptions, validateConfig } from '../../src/model/options.js';
import { currentStep, initialWizardState, wizardSteps } from '../../src/state/wizard.js';
import { projectRoot, runCli } from '../support/cli.js';

const HOME = '/home/tester';

/** A valid value of every option, as typed: the compiler asks for one more when the config grows. */
const SAMPLE: Record<OptionKey, string> = {
  name: 'demo',
  region: 'eu-west-1',
  zone: 'eu-west-1b',
  os: 'al2023',
  image: 'ami-0123456789abcdef0',
  masterSize: 't3.large',
  nodeSize: 'm5.large',
  nodes: '3',
  masterDiskType: 'gp2',
  masterDiskSize: '40',
  masterRootDiskType: 'gp2',
  masterRootDiskSize: '40',
  nodeRootDiskType: 'gp2',
  nodeRootDiskSize: '50',
  bucket: 'my-staging-bucket',
  bucketRegion: 'eu-west-1',
  sshKey: '/keys/demo',
  monitoring: 'none',
  nodeLogging: 'false',
  loggingDestination: 'cloudwatch',
  clusterLogging: 'false',
  vpcId: 'vpc-0123456789abcdef0',
  subnetId: 'subnet-0123456789abcdef0',
  subnetCidr: '172.20.1.0/24',
  sshCidr: '203.0.113.7/32',
  apiCidr: '203.0.113.0/24',
  nodePublicIp: 'true',
  nodeSpot: 'true',
  nodeSpotPrice: '0.02',
  nodeZones: '3',
  kubernetesVersion: '1.35',
  packageMirror: 'https://mirror.example.com/core:/stable:',
  ttl: '8h',
  protect: 'true',
};

/** Values that lean on another option: given together, as a user would. */
const COMPANIONS: Partial<Record<OptionKey, OptionKey[]>> = {
  bucketRegion: ['bucket'],
  subnetId: ['vpcId'],
  subnetCidr: ['vpcId'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry) ? [path] : [];
  });
}

/** README's table of kube-up's variables: [flags cell, variables cell] per row. */
function readmeOptionRows(): [string, string][] {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const section = readme.split("### kube-up's environment variables")[1]?.split('\n#')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Option') && !line.startsWith('|---'))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      return [cells[2] ?? '', cells[3] ?? ''];
    });
}

describe('the OPTIONS table', () => {
  it('has one entry per field of the cluster config, each with a distinct flag and its own variables', () => {
    const config: ClusterConfig = { ...DEFAULT_CONFIG, sshKey: '/k' };
    expect([...OPTION_KEYS].sort()).toEqual(
      [...new Set([...Object.keys(config), ...Object.keys(SAMPLE)])].sort(),
    );
    const flags = OPTION_KEYS.map((key) => OPTIONS[key].flag);
    expect(new Set(flags).size).toBe(flags.length);
    const variables = OPTION_KEYS.flatMap((key) => OPTIONS[key].env);
    expect(new Set(variables).size).toBe(variables.length);
    for (const key of OPTION_KEYS) expect(OPTIONS[key].env.length, key).toBeGreaterThan(0);
  });

  it('resolves every option from its flag and from each of its variables, naming where it came from', () => {
    for (const key of OPTION_KEYS) {
      const keys = [key, ...(COMPANIONS[key] ?? [])];
      const flags = Object.fromEntries(keys.map((each) => [flagProperty(each), SAMPLE[each]]));
      const byFlag = resolveOptions({ flags, env: { HOME } });
      expect(byFlag.sources[key], key).toBe('flag');
      expect(byFlag.origins[key], key).toBe(OPTIONS[key].flag);
      expect(() => validateConfig(byFlag.config, byFlag.origins), key).not.toThrow();
      // The zone's variable decides the region, as kube-up's did: the region's own are read without it.
      if (key === 'region') continue;
      for (const variable of OPTIONS[key].env) {
        // A boolean that names KUBE_AWS_ZONE's nodes to add: options.test.ts checks it.
        if (variable === 'KUBE_USE_EXISTING_MASTER') continue;
        const env = Object.fromEntries(keys.map((each) => [OPTIONS[each].env[0], SAMPLE[each]]));
        delete env[OPTIONS[key].env[0]!];
        const byEnv = resolveOptions({ flags: {}, env: { HOME, ...env, [variable]: SAMPLE[key] } });
        expect(byEnv.sources[key], variable).toBe('env');
        expect(byEnv.origins[key], variable).toBe(variable);
        expect(String(byEnv.config[key]), variable).toBe(String(byFlag.config[key]));
      }
    }
  });

  it('gives every option its flag, placeholder and variables in `up --help`', async () => {
    const { code, stdout } = await runCli(['up', '--help']);
    expect(code).toBe(0);
    const help = stdout.replace(/\s+/g, ' ');
    for (const key of OPTION_KEYS) {
      const { env } = OPTIONS[key];
      expect(help, key).toContain(flagSyntax(key));
      expect(help, key).toContain(env.join(' / '));
    }
  });

  it('is documented in the README: every option with its flag and variables, and no other', () => {
    const rows = readmeOptionRows();
    const documentedFlags = rows.flatMap(([flags]) => [...flags.matchAll(/`(--[a-z-]+)`/g)].map((m) => m[1]));
    expect(documentedFlags.sort()).toEqual(OPTION_KEYS.map((key) => OPTIONS[key].flag).sort());
    for (const key of OPTION_KEYS) {
      const { flag, env } = OPTIONS[key];
      const row = rows.find(([flags]) => flags.split(/,\s*/).includes(`\`${flag}\``));
      expect(row, flag).toBeDefined();
      expect(row![1], flag).toContain(env.map((name) => `\`${name}\``).join(' / '));
    }
  });

  it('puts every option in the wizard or marks it flag only, and the wizard asks nothing else', () => {
    const state = { ...initialWizardState(resolveOptions({ flags: {}, env: { HOME } })), customize: true };
    const asked = wizardSteps(state).filter((step) => step !== 'advanced');
    expect([...asked].sort()).toEqual(OPTION_KEYS.filter((key) => wizardPrompt(key)).sort());
    asked.forEach((key) => {
      const stepIndex = wizardSteps(state).indexOf(key);
      const step = currentStep({ ...state, stepIndex });
      expect(step.key).toBe(key);
      expect(step.title).toBe(wizardPrompt(key as OptionKey)!.title);
    });
    for (const key of OPTION_KEYS) {
      expect(OPTIONS[key].wizard === 'flag only' || wizardPrompt(key) !== undefined).toBe(true);
    }
  });

  it('remembers only what the wizard asks, and the store keeps exactly those', () => {
    for (const key of REMEMBERED_KEYS) expect(wizardPrompt(key), key).toBeDefined();
    const config = resolveOptions({
      flags: Object.fromEntries(OPTION_KEYS.map((key) => [flagProperty(key), SAMPLE[key]])),
      env: { HOME },
    }).config;
    const store = memoryChoiceStore();
    store.save(config);
    expect(Object.keys(store.load() ?? {}).sort()).toEqual([...REMEMBERED_KEYS].sort());
  });

  it('is the only table of options: no other source file names an option by its flag or reads its variables', () => {
    const table = join(projectRoot, 'src/model/option-table.ts');
    const flags = OPTION_KEYS.map((key) => OPTIONS[key].flag);
    const variables = OPTION_KEYS.flatMap((key) => OPTIONS[key].env);
    const offenders: string[] = [];
    for (const file of sourceFiles(join(projectRoot, 'src'))) {
      if (file === table) continue;
      // Comments and prose may mention them; code may not spell them as values of its own.
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
        .join('\n');
      for (const flag of flags) {
        if (code.includes(`'${flag}'`) || code.includes(`'${flag} <`))
          offenders.push(`${relative(projectRoot, file)}: ${flag}`);
      }
      for (const variable of variables) {
        if (new RegExp(`env(\\.${variable}\\b|\\[['"]${variable}['"]\\])|['"]${variable}['"]`).test(code)) {
          offenders.push(`${relative(projectRoot, file)}: ${variable}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClusterConfig, DEFAULT_CONFIG } from '../../src/model/config.js';
import { UsageError } from '../../src/model/exit.js';
import { masterSizeWarning, nodeSizeWarning } from '../../src/model/option-table.js';
import { optionsFromCli, resolveOptions, sourceLabel, validateConfig } from '../../src/model/options.js';
import { marketLine, marketNodes, nodeMarket, spotSavingLine } from '../../src/model/spot.js';
import {
  currentStep,
  editStep,
  initialWizardState,
  type WizardState,
  wizardReducer,
  wizardSteps,
} from '../../src/state/wizard.js';
import { removeClusterCommand, upCommand } from '../../src/wording/command-lines.js';

const HOME = '/home/tester';
const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ HOME, ...vars });
const defaults = (): ClusterConfig => ({ ...DEFAULT_CONFIG, sshKey: join(HOME, '.ssh/kube_aws_rsa') });

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('resolving options', () => {
  it('uses the defaults of DESIGN.md section 3 when nothing is given', () => {
    const { config, sources, notices } = resolveOptions({ flags: {}, env: env() });
    expect(config).toEqual(defaults());
    expect(Object.values(sources).every((source) => source === 'default')).toBe(true);
    expect(notices).toEqual([]);
  });

  it('takes a flag over the kube-up variable over the remembered choice over the default', () => {
    const remembered: Partial<ClusterConfig> = {
      masterSize: 't3.large',
      nodeSize: 'm5.large',
      nodes: 5,
      os: 'debian-12',
    };
    const resolved = resolveOptions({
      flags: { masterSize: 'm5.xlarge' },
      env: env({ MASTER_SIZE: 't3.small', NODE_SIZE: 't3.xlarge' }),
      remembered,
    });
    expect(resolved.config.masterSize).toBe('m5.xlarge');
    expect(resolved.sources.masterSize).toBe('flag');
    expect(resolved.config.nodeSize).toBe('t3.xlarge');
    expect(resolved.sources.nodeSize).toBe('env');
    expect(resolved.config.nodes).toBe(5);
    expect(resolved.sources.nodes).toBe('remembered');
    expect(resolved.config.os).toBe('debian-12');
    expect(resolved.config.masterDiskSize).toBe(20);
    expect(resolved.sources.masterDiskSize).toBe('default');
    expect(sourceLabel(resolved, 'nodeSize')).toBe('from NODE_SIZE');
    expect(sourceLabel(resolved, 'masterSize')).toBe('from --master-size');
    expect(sourceLabel(resolved, 'nodes')).toMatch(/remembered/);
    expect(sourceLabel(resolved, 'masterDiskSize')).toBeUndefined();
  });

  it("reads kube-up's old names too, the newer name winning", () => {
    const { config, origins, notices } = resolveOptions({
      flags: {},
      env: env({ MINION_SIZE: 't3.large', NUM_MINIONS: '4', KUBE_MINION_IMAGE: 'ami-0123456789abcdef0' }),
    });
    expect(config.nodeSize).toBe('t3.large');
    expect(config.nodes).toBe(4);
    expect(config.image).toBe('ami-0123456789abcdef0');
    expect(origins.nodes).toBe('NUM_MINIONS');
    expect(notices).toEqual([]);

    const both = resolveOptions({ flags: {}, env: env({ NUM_NODES: '3', NUM_MINIONS: '4' }) });
    expect(both.config.nodes).toBe(3);
    expect(both.notices.join('\n')).toMatch(/NUM_MINIONS 4 is ignored/);
  });

  it('treats an empty variable as unset, as kube-up did', () => {
    const { config, sources } = resolveOptions({ flags: {}, env: env({ NUM_NODES: '', MASTER_SIZE: ' ' }) });
    expect(config.nodes).toBe(2);
    expect(sources.nodes).toBe('default');
    expect(config.masterSize).toBe('t3.medium');
  });

  it('reads every option of the table from its variable', () => {
    const { config } = resolveOptions({
      flags: {},
      env: env({
        KUBE_AWS_INSTANCE_PREFIX: 'demo',
        KUBE_AWS_ZONE: 'eu-west-1b',
        KUBE_OS_DISTRIBUTION: 'al2023',
        MASTER_DISK_TYPE: 'gp2',
        MASTER_DISK_SIZE: '50',
        AWS_S3_BUCKET: 'my-bucket',
        AWS_S3_REGION: 'eu-west-1',
        AWS_SSH_KEY: '~/.ssh/demo',
        KUBE_ENABLE_CLUSTER_MONITORING: 'none',
        KUBE_ENABLE_NODE_LOGGING: 'no',
        KUBE_LOGGING_DESTINATION: 'cloudwatch',
        KUBE_ENABLE_CLUSTER_LOGGING: '0',
        VPC_ID: 'vpc-0123456789abcdef0',
        SUBNET_ID: 'subnet-0123456789abcdef0',
        KUBE_SUBNET_CIDR: '10.0.1.0/24',
        SSH_CIDR: '203.0.113.7',
        HTTP_API_CIDR: '203.0.113.0/24',
        KUBE_VERSION: '1.35',
      }),
    });
    expect(config).toMatchObject({
      name: 'demo',
      zone: 'eu-west-1b',
      region: 'eu-west-1',
      os: 'al2023',
      masterDiskType: 'gp2',
      masterDiskSize: 50,
      bucket: 'my-bucket',
      bucketRegion: 'eu-west-1',
      sshKey: join(HOME, '.ssh/demo'),
      monitoring: 'none',
      nodeLogging: false,
      loggingDestination: 'cloudwatch',
      clusterLogging: false,
      vpcId: 'vpc-0123456789abcdef0',
      subnetId: 'subnet-0123456789abcdef0',
      subnetCidr: '10.0.1.0/24',
      sshCidr: '203.0.113.7/32',
      apiCidr: '203.0.113.0/24',
      kubernetesVersion: '1.35',
    });
    expect(() => validateConfig(config)).not.toThrow();
  });

  it('accepts true/false/yes/no/1/0 for booleans and refuses anything else, naming the flag', () => {
    for (const [text, value] of [
      ['true', true],
      ['YES', true],
      ['1', true],
      ['false', false],
      ['no', false],
      ['0', false],
    ] as const) {
      expect(resolveOptions({ flags: { nodeLogging: text }, env: env() }).config.nodeLogging).toBe(value);
    }
    expect(usageMessage(() => resolveOptions({ flags: { clusterLogging: 'maybe' }, env: env() }))).toMatch(
      /--cluster-logging maybe: expected true or false/,
    );
    expect(
      usageMessage(() => resolveOptions({ flags: {}, env: env({ KUBE_ENABLE_NODE_LOGGING: 'perhaps' }) })),
    ).toMatch(/--node-logging perhaps \(from KUBE_ENABLE_NODE_LOGGING\)/);
  });

  it('maps legacy kube-up values, with a notice for each', () => {
    const cases: [Record<string, string>, keyof ClusterConfig, unknown][] = [
      [{ KUBE_OS_DISTRIBUTION: 'vivid' }, 'os', 'ubuntu-24.04'],
      [{ KUBE_OS_DISTRIBUTION: 'trusty' }, 'os', 'ubuntu-24.04'],
      [{ KUBE_OS_DISTRIBUTION: 'wily' }, 'os', 'ubuntu-24.04'],
      [{ KUBE_OS_DISTRIBUTION: 'ubuntu' }, 'os', 'ubuntu-24.04'],
      [{ KUBE_OS_DISTRIBUTION: 'jessie' }, 'os', 'debian-13'],
      [{ KUBE_OS_DISTRIBUTION: 'wheezy' }, 'os', 'debian-13'],
      [{ KUBE_OS_DISTRIBUTION: 'coreos' }, 'os', 'flatcar'],
      [{ KUBE_ENABLE_CLUSTER_MONITORING: 'influxdb' }, 'monitoring', 'metrics-server'],
      [{ KUBE_ENABLE_CLUSTER_MONITORING: 'heapster' }, 'monitoring', 'metrics-server'],
      [{ KUBE_LOGGING_DESTINATION: 'gcp' }, 'loggingDestination', 'cloudwatch'],
      [{ KUBE_VERSION: 'v1.34.2' }, 'kubernetesVersion', '1.34'],
    ];
    for (const [vars, key, expected] of cases) {
      const { config, notices } = resolveOptions({ flags: {}, env: env(vars) });
      expect(config[key]).toBe(expected);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(Object.keys(vars)[0]);
      expect(notices[0]).toContain(String(expected));
    }
    const flag = resolveOptions({ flags: { os: 'coreos' }, env: env() });
    expect(flag.notices[0]).toMatch(/^--os coreos: .*"flatcar"/);
  });

  it('takes the region from the zone, and refuses a --region that disagrees', () => {
    const fromZone = resolveOptions({
      flags: { zone: 'ap-southeast-1c' },
      env: env({ AWS_REGION: 'us-east-1' }),
    });
    expect(fromZone.config.region).toBe('ap-southeast-1');
    expect(fromZone.config.zone).toBe('ap-southeast-1c');

    expect(
      resolveOptions({ flags: { zone: 'eu-west-1b', region: 'eu-west-1' }, env: env() }).config.region,
    ).toBe('eu-west-1');
    const message = usageMessage(() =>
      resolveOptions({ flags: { zone: 'eu-west-1b', region: 'us-east-1' }, env: env() }),
    );
    expect(message).toMatch(/--region us-east-1 disagrees with --zone eu-west-1b/);
    expect(
      usageMessage(() =>
        resolveOptions({ flags: { region: 'us-east-1' }, env: env({ KUBE_AWS_ZONE: 'eu-west-1b' }) }),
      ),
    ).toMatch(/KUBE_AWS_ZONE eu-west-1b/);
  });

  it('without a zone, uses --region (or AWS_REGION) and its first zone', () => {
    const flagged = resolveOptions({ flags: { region: 'eu-central-1' }, env: env() });
    expect(flagged.config).toMatchObject({ region: 'eu-central-1', zone: 'eu-central-1a' });
    expect(flagged.sources.region).toBe('flag');
    const fromEnv = resolveOptions({ flags: {}, env: env({ AWS_REGION: 'us-east-2' }) });
    expect(fromEnv.config).toMatchObject({ region: 'us-east-2', zone: 'us-east-2a' });
    expect(sourceLabel(fromEnv, 'region')).toBe('from AWS_REGION');
    // A remembered zone is kept when it lies in the region the flags ask for.
    const remembered = resolveOptions({
      flags: { region: 'eu-central-1' },
      env: env(),
      remembered: { zone: 'eu-central-1b' },
    });
    expect(remembered.config.zone).toBe('eu-central-1b');
    const elsewhere = resolveOptions({
      flags: {},
      env: env(),
      remembered: { region: 'eu-north-1', zone: 'eu-north-1c' },
    });
    expect(elsewhere.config).toMatchObject({ region: 'eu-north-1', zone: 'eu-north-1c' });
    expect(elsewhere.sources.zone).toBe('remembered');
  });

  it('expands ~ in the SSH key path against HOME', () => {
    expect(resolveOptions({ flags: { sshKey: '~/keys/k' }, env: env() }).config.sshKey).toBe(
      '/home/tester/keys/k',
    );
    expect(resolveOptions({ flags: {}, env: env() }).config.sshKey).toBe('/home/tester/.ssh/kube_aws_rsa');
  });

  it('ignores remembered values that no longer pass their checks', () => {
    const { config, sources } = resolveOptions({
      flags: {},
      env: env(),
      remembered: { nodes: 0, name: 'Bad Name', masterSize: 't3.large' } as Partial<ClusterConfig>,
    });
    expect(config.nodes).toBe(2);
    expect(config.name).toBe('kubernetes');
    expect(config.masterSize).toBe('t3.large');
    expect(sources.masterSize).toBe('remembered');
  });

  it('sets aside a remembered choice that no longer fits the rest, with a notice, instead of refusing a flag never given', () => {
    // Last time: master in a, nodes in a and b. Now KUBE_AWS_ZONE puts the master in c.
    const resolved = resolveOptions({
      flags: {},
      env: env({ KUBE_AWS_ZONE: 'us-west-2c' }),
      remembered: { zone: 'us-west-2a', nodeZones: ['a', 'b'], nodes: 3 },
    });
    expect(resolved.config.zone).toBe('us-west-2c');
    expect(resolved.config.nodeZones).toBeUndefined();
    expect(resolved.sources.nodeZones).toBe('default');
    expect(resolved.config.nodes).toBe(3);
    expect(resolved.notices).toEqual([
      expect.stringMatching(
        /^remembered node zones a,b not used: expected a list with the master's zone us-west-2c/,
      ),
    ]);
    expect(() => validateConfig(resolved.config, resolved.origins)).not.toThrow();

    // A list that still fits is kept.
    const fits = resolveOptions({
      flags: { zone: 'us-west-2b' },
      env: env(),
      remembered: { zone: 'us-west-2a', nodeZones: ['a', 'b'] },
    });
    expect(fits.config.nodeZones).toEqual(['a', 'b']);
    expect(fits.notices).toEqual([]);
  });

  it('in the wizard, a new zone sets aside the remembered zone list it does not fit; one the user typed is still judged', () => {
    const wizard = initialWizardState(
      resolveOptions({ flags: {}, env: env(), remembered: { zone: 'us-west-2a', nodeZones: ['a', 'b'] } }),
    );
    const at = editStep(wizard, wizardSteps(wizard).indexOf('zone'));
    // From the review, the answer goes straight back to it.
    const back = wizardReducer(at, { type: 'wizard/choose', value: 'us-west-2c' });
    expect(back).toMatchObject({ outcome: 'complete' });
    const moved = (back as { state: WizardState }).state;
    expect(moved.config).toMatchObject({ zone: 'us-west-2c', nodeZones: undefined });
    expect(moved.labels.nodeZones).toBeUndefined();
    expect(moved.notices).toEqual([expect.stringMatching(/^remembered node zones a,b not used: /)]);

    // Clearing a remembered VPC sets aside the remembered subnet CIDR that only fit inside it.
    const inVpc = initialWizardState(
      resolveOptions({
        flags: {},
        env: env(),
        remembered: { vpcId: 'vpc-0123abcd', subnetCidr: '10.1.2.0/24' },
      }),
    );
    const vpcStep = {
      ...inVpc,
      customize: true,
      stepIndex: wizardSteps({ customize: true }).indexOf('vpcId'),
    };
    const cleared = wizardReducer(
      { ...vpcStep, draft: 'none' },
      { type: 'wizard/submit-text' },
    ) as WizardState;
    expect(cleared.config).toMatchObject({ vpcId: undefined, subnetCidr: undefined });
    expect(cleared.notices).toEqual([
      expect.stringMatching(/^remembered subnet cidr 10.1.2.0\/24 not used: /),
    ]);

    // Typed here, the same list is the user's own: the review refuses it, naming the step's value.
    const typed = initialWizardState(resolveOptions({ flags: {}, env: env() }));
    const customized = { ...typed, customize: true };
    const zones = editStep(customized, wizardSteps(customized).indexOf('nodeZones'));
    const listed = wizardReducer({ ...zones, customize: true, draft: 'a,b' }, { type: 'wizard/submit-text' });
    expect((listed as WizardState).error).toBeUndefined();
    const atZone = editStep(listed as WizardState, wizardSteps(customized).indexOf('zone'));
    const refused = wizardReducer(atZone, { type: 'wizard/choose', value: 'us-west-2c' }) as WizardState;
    expect(refused.config.nodeZones).toEqual(['a', 'b']);
    expect(refused.error).toMatch(/node-zones a,b: expected a list with the master's zone us-west-2c/);
  });
});

describe('validating options', () => {
  const invalid = (overrides: Partial<ClusterConfig>) =>
    usageMessage(() => validateConfig({ ...defaults(), ...overrides }));

  it('accepts the defaults', () => {
    expect(() => validateConfig(defaults())).not.toThrow();
  });

  it('names the flag, the value and what is allowed', () => {
    expect(invalid({ name: 'My_Cluster' })).toMatch(
      /^--cluster My_Cluster: expected lowercase letters, digits/,
    );
    expect(invalid({ name: '9lives' })).toMatch(/^--cluster 9lives: .*starting with a letter/);
    expect(invalid({ name: 'a'.repeat(29) })).toMatch(/--cluster a{29}: .*1 to 28 characters/);
    expect(invalid({ zone: 'us-west-2' })).toMatch(/^--zone us-west-2: expected an availability zone/);
    expect(invalid({ zone: 'nowhere' })).toMatch(/^--zone nowhere:/);
    expect(invalid({ zone: 'eu-west-1a' })).toMatch(
      /^--zone eu-west-1a: expected a zone of the region us-west-2/,
    );
    expect(invalid({ nodes: 0 })).toMatch(/^--nodes 0: expected a whole number of nodes from 1 to 100/);
    expect(invalid({ nodes: -3 })).toMatch(/^--nodes -3:/);
    expect(invalid({ nodes: 101 })).toMatch(/^--nodes 101:/);
    expect(invalid({ masterDiskSize: 0 })).toMatch(
      /^--master-disk-size 0: expected a whole number of GiB from 1 to 16384/,
    );
    expect(invalid({ masterDiskType: 'io1' as never })).toMatch(
      /^--master-disk-type io1: expected one of gp3, gp2/,
    );
    expect(invalid({ masterSize: 'huge' })).toMatch(/^--master-size huge: expected an EC2 instance type/);
    expect(invalid({ sshCidr: '10.0.0.0/33' })).toMatch(/^--ssh-cidr 10.0.0.0\/33: expected an IPv4 CIDR/);
    expect(invalid({ apiCidr: '300.1.1.1/32' })).toMatch(/^--api-cidr 300.1.1.1\/32:/);
    expect(invalid({ apiCidr: '10.0.0.1/24' })).toMatch(/host bits zero/);
    expect(invalid({ subnetCidr: '10.0.0.0/24' })).toMatch(
      /^--subnet-cidr 10.0.0.0\/24: expected a CIDR inside 172.20.0.0\/16/,
    );
    expect(invalid({ subnetId: 'subnet-0123456789abcdef0' })).toMatch(
      /^--subnet-id subnet-0123456789abcdef0: expected a subnet id together with --vpc-id/,
    );
    expect(invalid({ vpcId: 'vpc-xyz' })).toMatch(/^--vpc-id vpc-xyz: expected a VPC id/);
    expect(invalid({ kubernetesVersion: '2.0' })).toMatch(
      /^--kubernetes-version 2.0: expected one of 1.34, 1.35, 1.36/,
    );
    expect(invalid({ bucket: 'My_Bucket' })).toMatch(/^--bucket My_Bucket:/);
    expect(invalid({ bucket: '192.168.1.1' })).toMatch(/IP address/);
    expect(invalid({ image: 'ubuntu' })).toMatch(/^--node-image ubuntu:/);
  });

  it('accepts a subnet CIDR outside 172.20.0.0/16 in an existing VPC', () => {
    expect(() =>
      validateConfig({ ...defaults(), vpcId: 'vpc-0123abcd', subnetCidr: '10.1.2.0/24' }),
    ).not.toThrow();
  });

  it('refuses node public IPs off, from the flag, the variable or the wizard: nodes would need a NAT gateway', () => {
    expect(usageMessage(() => optionsFromCli({ nodePublicIp: 'false' }, env()))).toMatch(
      /^--node-public-ip false: expected true: nodes reach the internet .* only with a public IPv4; without one they need a NAT gateway .*, which kube-tui does not make/,
    );
    expect(usageMessage(() => optionsFromCli({}, env({ ENABLE_NODE_PUBLIC_IP: 'no' })))).toMatch(
      /^--node-public-ip false \(from ENABLE_NODE_PUBLIC_IP\): expected true: /,
    );
    expect(optionsFromCli({}, env({ ENABLE_NODE_PUBLIC_IP: 'true' })).config.nodePublicIp).toBe(true);
    expect(optionsFromCli({}, env()).config.nodePublicIp).toBe(true);

    // In the wizard's advanced part, "none" is refused at its step with the same reason.
    const wizard = initialWizardState(resolveOptions({ flags: {}, env: env() }));
    const at = editStep(wizard, wizardSteps({ customize: true }).indexOf('nodePublicIp'));
    expect(currentStep({ ...at, customize: true })).toMatchObject({ key: 'nodePublicIp', kind: 'select' });
    const refused = wizardReducer({ ...at, customize: true }, { type: 'wizard/choose', value: 'false' });
    expect(refused).toMatchObject({ error: expect.stringMatching(/^false: expected true: .*NAT gateway/) });
    expect(currentStep(refused as WizardState).key).toBe('nodePublicIp');
  });

  it("reads spot nodes from NODE_SPOT_PRICE (kube-up's: set means spot) or the flags, and refuses what is not a price", () => {
    const market = (flags: Record<string, unknown>, vars: Record<string, string> = {}) =>
      nodeMarket(optionsFromCli(flags, env(vars)).config);
    expect(market({})).toEqual({ kind: 'on-demand' });
    // kube-up read ${NODE_SPOT_PRICE:-}: empty is unset, so on-demand.
    expect(market({}, { NODE_SPOT_PRICE: '' })).toEqual({ kind: 'on-demand' });
    expect(market({}, { NODE_SPOT_PRICE: '0.02' })).toEqual({ kind: 'spot', maxPriceUsd: 0.02 });
    expect(market({ nodeSpotPrice: '.5' })).toEqual({ kind: 'spot', maxPriceUsd: 0.5 });
    expect(market({ nodeSpot: true })).toEqual({ kind: 'spot' });
    expect(market({ nodeSpot: true, nodeSpotPrice: '0.03' })).toEqual({ kind: 'spot', maxPriceUsd: 0.03 });
    expect(market({}, { KUBE_TUI_NODE_SPOT: 'yes' })).toEqual({ kind: 'spot' });

    const allowed = 'expected a price in USD per hour from 0.001 to 100, such as 0.02';
    expect(usageMessage(() => optionsFromCli({ nodeSpotPrice: 'cheap' }, env()))).toBe(
      `--node-spot-price cheap: ${allowed}`,
    );
    expect(usageMessage(() => optionsFromCli({ nodeSpotPrice: '$0.02' }, env()))).toMatch(
      /^--node-spot-price \$0.02:/,
    );
    expect(usageMessage(() => optionsFromCli({ nodeSpotPrice: '-1' }, env()))).toMatch(
      /^--node-spot-price -1:/,
    );
    expect(usageMessage(() => optionsFromCli({}, env({ NODE_SPOT_PRICE: '0' })))).toBe(
      `--node-spot-price 0 (from NODE_SPOT_PRICE): ${allowed}`,
    );
    expect(usageMessage(() => optionsFromCli({}, env({ NODE_SPOT_PRICE: '100.5' })))).toMatch(
      /^--node-spot-price 100.5 \(from NODE_SPOT_PRICE\):/,
    );
    expect(usageMessage(() => optionsFromCli({ nodeSpotPrice: '' }, env()))).toMatch(
      /leave the flag out for on-demand nodes/,
    );
    expect(usageMessage(() => optionsFromCli({}, env({ KUBE_TUI_NODE_SPOT: 'maybe' })))).toMatch(
      /^--node-spot maybe \(from KUBE_TUI_NODE_SPOT\): expected true or false/,
    );
  });

  it('words spot nodes and their saving, and never calls an unread price $0', () => {
    expect(marketLine({ kind: 'on-demand' })).toBe('on-demand');
    expect(marketLine({ kind: 'spot', maxPriceUsd: 0.02 })).toBe('spot, max $0.0200/h');
    expect(marketLine({ kind: 'spot' })).toBe('spot, up to the on-demand price');
    expect(marketNodes({ kind: 'on-demand' }, 1)).toBe('1 on-demand node');
    expect(marketNodes({ kind: 'spot', maxPriceUsd: 0.02 }, 3)).toBe('3 spot nodes capped at $0.0200/h');
    expect(marketNodes({ kind: 'spot' })).toBe('spot nodes capped at the on-demand price');
    expect(spotSavingLine('t3.medium', 0.0125)).toBe('spot now $0.0125/h vs on-demand $0.0416/h: −70 %');
    expect(spotSavingLine('t3.medium', undefined)).toBe('spot price unknown');
    expect(spotSavingLine('x9.huge', 0.5)).toBe('spot now $0.5000/h (no on-demand price for x9.huge)');
  });

  it('says where a bad value came from', () => {
    const message = usageMessage(() => optionsFromCli({}, env({ NUM_NODES: '0' })));
    expect(message).toBe('--nodes 0 (from NUM_NODES): expected a whole number of nodes from 1 to 100');
    expect(usageMessage(() => optionsFromCli({ nodes: 'two' }, env()))).toMatch(
      /^--nodes two: expected a whole number/,
    );
    expect(usageMessage(() => optionsFromCli({ nodes: '-1' }, env()))).toMatch(/^--nodes -1:/);
    expect(usageMessage(() => optionsFromCli({ masterDiskSize: '0' }, env()))).toMatch(
      /^--master-disk-size 0:/,
    );
    expect(usageMessage(() => optionsFromCli({ subnetId: 'subnet-0123abcd' }, env()))).toMatch(/--vpc-id/);
  });

  it('optionsFromCli resolves without remembered choices and validates', () => {
    const { config, notices } = optionsFromCli(
      { cluster: 'demo', nodes: '3', os: 'jessie', yes: true },
      env(),
    );
    expect(config).toMatchObject({ name: 'demo', nodes: 3, os: 'debian-13' });
    expect(notices).toHaveLength(1);
  });
});

describe('size advice', () => {
  it('warns about micro and nano nodes, as the kube-up article did', () => {
    expect(nodeSizeWarning('t2.micro')).toMatch(/t2.micro nodes run out of memory/);
    expect(nodeSizeWarning('t3.micro')).toMatch(/at least t3.small/);
    expect(nodeSizeWarning('t3.nano')).toBeDefined();
    expect(nodeSizeWarning('t3.medium')).toBeUndefined();
    expect(nodeSizeWarning('t3.small', true)).toMatch(/Elasticsearch/);
    expect(masterSizeWarning('t2.micro')).toMatch(/kubeadm/);
    expect(masterSizeWarning('t3.medium')).toBeUndefined();
  });
});

describe('commands shown to the user', () => {
  it('resumes with the values that differ from the defaults, and tears down by name and region', () => {
    const config = { ...defaults(), name: 'demo', nodes: 3, nodeLogging: false };
    expect(upCommand(config, env())).toBe(
      'kube-tui up --cluster demo --zone us-west-2a --nodes 3 --node-logging false',
    );
    expect(removeClusterCommand(config)).toBe('kube-tui down --cluster demo --region us-west-2');
  });
});

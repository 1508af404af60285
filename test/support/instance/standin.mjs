#!/usr/bin/env node
// The simulated instance's stand-ins for what would change the host or needs real hardware: one
// program, called by the name it stands in for (`standin.mjs apt-get install …`). Each call is
// recorded to $KT_SIM_RECORDS; each enforces the preconditions the real tool has where order matters.
//
// Machine state lives where the real thing keeps it, inside the instance's overlays:
//   /var/lib/kt-sim/   survives a reboot: installed packages, enabled units, the data volume, the cluster
//   /run/kt-sim/       cleared by a reboot: started units, loaded modules, applied sysctls, swap, clock
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unknownFields } from './strict-fields.mjs';

const STAGE = process.env.KT_SIM_STAGE ?? '/media/kt';
const PERSIST = '/var/lib/kt-sim';
const RUNTIME = '/run/kt-sim';
const profile = JSON.parse(readFileSync(join(STAGE, 'profile.json'), 'utf8'));
const SELF = process.argv[1];
const [name, ...args] = process.argv.slice(2);

mkdirSync(PERSIST, { recursive: true });
mkdirSync(RUNTIME, { recursive: true });

function record(extra = {}) {
  appendFileSync(
    join(STAGE, 'records.jsonl'),
    `${JSON.stringify({ boot: Number(process.env.KT_SIM_BOOT ?? 0), cmd: name, args, ...extra })}\n`,
  );
}

function fail(message, code = 1) {
  record({ failed: message });
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** A failure the test injects: KT_SIM_FAIL="kubeadm init" fails every call that starts so. */
function injectedFailure() {
  const wanted = process.env.KT_SIM_FAIL;
  if (!wanted) return;
  const call = [name, ...args].join(' ');
  if (call.startsWith(wanted)) fail(`injected failure: ${call}`, 1);
}

const readLines = (path) =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
    : [];
const flag = (path) => existsSync(path);
const setFlag = (path, content = '') => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
};

// ---- simulated time: sleeps are instant but advance a clock that locks and timeouts read ----
function clock() {
  return Number(readLines(join(RUNTIME, 'clock'))[0] ?? 0);
}
function advance(seconds) {
  setFlag(join(RUNTIME, 'clock'), String(clock() + seconds));
}

// ---- packages: a binary exists only once the package that provides it is installed ----
const PAYLOADS = {
  containerd: {
    files: ['/usr/bin/containerd', '/usr/bin/ctr', '/usr/bin/containerd-shim-runc-v2'],
    units: { 'containerd.service': '/usr/bin/containerd' },
    needs: ['runc'],
  },
  runc: { files: ['/usr/sbin/runc'] },
  // The real program (the image lacked it).
  openssl: { real: { '/usr/bin/openssl': 'payload/openssl' } },
  kubelet: {
    files: ['/usr/bin/kubelet'],
    units: { 'kubelet.service': '/usr/bin/kubelet' },
    fromKubernetesRepo: true,
  },
  kubeadm: { files: ['/usr/bin/kubeadm'], fromKubernetesRepo: true, needs: ['kubelet', 'kubectl'] },
  kubectl: { files: ['/usr/bin/kubectl'], fromKubernetesRepo: true },
};

function installed() {
  return new Set(readLines(join(PERSIST, 'packages')));
}

/** Places a package's programs (as calls to this stand-in) and its systemd units. */
function placePayload(pkg) {
  const payload = PAYLOADS[pkg];
  if (payload) {
    for (const [file, source] of Object.entries(payload.real ?? {})) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, readFileSync(join(STAGE, source)));
      chmodSync(file, 0o755);
    }
    for (const file of payload.files ?? []) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `#!/bin/sh\nexec ${process.execPath} ${SELF} ${basename(file)} "$@"\n`);
      chmodSync(file, 0o755);
    }
    const unitDir = profile.family === 'apt' ? '/lib/systemd/system' : '/usr/lib/systemd/system';
    for (const [unit, binary] of Object.entries(payload.units ?? {})) {
      mkdirSync(unitDir, { recursive: true });
      writeFileSync(
        join(unitDir, unit),
        `[Unit]\nDescription=${unit}\n\n[Service]\nExecStart=${binary}\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n`,
      );
    }
  }
  appendFileSync(join(PERSIST, 'packages'), `${pkg}\n`);
}

function installPackages(packages) {
  const have = installed();
  const queue = [...packages];
  while (queue.length) {
    const pkg = queue.shift();
    if (have.has(pkg)) continue;
    have.add(pkg);
    for (const dep of PAYLOADS[pkg]?.needs ?? []) queue.push(dep);
    placePayload(pkg);
  }
}

function option(list, prefix) {
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '-o' && list[i + 1]?.startsWith(prefix)) return list[i + 1].slice(prefix.length);
    if (list[i].startsWith(`-o${prefix}`)) return list[i].slice(2 + prefix.length);
  }
  return undefined;
}

/** Ubuntu's unattended-upgrades holds the dpkg lock for its first minutes. */
function takeDpkgLock() {
  const heldUntil = profile.dpkgLockHeldSeconds ?? 0;
  const now = clock();
  if (now >= heldUntil) return;
  const timeout = Number(option(args, 'DPkg::Lock::Timeout=') ?? 0);
  if (timeout >= heldUntil - now) {
    advance(heldUntil - now);
    return;
  }
  if (timeout > 0) advance(timeout);
  fail(
    'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1234 (unattended-upgr)\n' +
      'E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?',
    100,
  );
}

function aptGet() {
  injectedFailure();
  const words = args.filter((arg, i) => !arg.startsWith('-') && args[i - 1] !== '-o');
  const [command, ...packages] = words;
  if (command === 'update') {
    takeDpkgLock();
    const sources = readLines('/etc/apt/sources.list.d/kubernetes.list').join('\n');
    if (sources) {
      const url = /\]\s+(\S+)\s/.exec(sources)?.[1];
      if (!url) fail('E: Malformed entry 1 in list file /etc/apt/sources.list.d/kubernetes.list', 100);
      if (!existsSync(/signed-by=(\S+?)\]/.exec(sources)?.[1] ?? '/nonexistent'))
        fail(`E: The repository '${url} InRelease' is not signed.`, 100);
      setFlag(join(PERSIST, 'apt-lists-kubernetes'), url);
    }
    record({ ok: true });
    return;
  }
  if (command === 'install') {
    takeDpkgLock();
    for (const pkg of packages) {
      if (PAYLOADS[pkg]?.fromKubernetesRepo && !flag(join(PERSIST, 'apt-lists-kubernetes')))
        fail(`E: Unable to locate package ${pkg}`, 100);
    }
    installPackages(packages);
    record({ ok: true, installed: packages });
    return;
  }
  record({ ok: true });
}

function dnf() {
  injectedFailure();
  const words = args.filter((arg) => !arg.startsWith('-'));
  const [command, ...packages] = words;
  if (command !== 'install') return record({ ok: true });
  const have = installed();
  if (packages.includes('curl') && have.has('curl-minimal') && !args.includes('--allowerasing')) {
    fail(
      'Error:\n Problem: problem with installed package curl-minimal-8.11.1-4.amzn2023.0.1.x86_64\n' +
        '  - package curl-minimal conflicts with curl provided by curl-8.11.1-4.amzn2023.0.1.x86_64\n' +
        "(try to add '--allowerasing' to command line to replace conflicting packages)",
      1,
    );
  }
  for (const pkg of packages) {
    if (PAYLOADS[pkg]?.fromKubernetesRepo) {
      const repo = readLines('/etc/yum.repos.d/kubernetes.repo').join('\n');
      if (!/baseurl=\S+/.test(repo)) fail(`Error: Unable to find a match: ${pkg}`, 1);
      if (/exclude=.*\bkubelet\b/.test(repo) && !args.includes('--disableexcludes=kubernetes'))
        fail(
          `All matches were filtered out by exclude filtering for argument: ${pkg}\nError: Unable to find a match: ${pkg}`,
          1,
        );
    }
  }
  installPackages(packages);
  record({ ok: true, installed: packages });
}

// ---- systemd ----
const UNIT_DIRS = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/lib/systemd/system',
  '/usr/lib/systemd/system',
];

function unitFile(unit) {
  for (const dir of UNIT_DIRS) if (existsSync(join(dir, unit))) return join(dir, unit);
  return undefined;
}

function unitName(arg) {
  return arg.includes('.') ? arg : `${arg}.service`;
}

function parseUnit(path) {
  const unit = {};
  let section = '';
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const header = /^\[(\w+)\]/.exec(line);
    if (header) section = header[1];
    const pair = /^(\w+)=(.*)$/.exec(line);
    if (!pair) continue;
    const key = `${section}.${pair[1]}`;
    unit[key] = [...(unit[key] ?? []), pair[2]];
  }
  return unit;
}

/** Runs a oneshot service's ExecStart now (systemctl start waits for a oneshot to finish). */
function runOneshot(parsed) {
  for (const condition of parsed['Unit.ConditionPathExists'] ?? []) {
    const negate = condition.startsWith('!');
    const there = existsSync(negate ? condition.slice(1) : condition);
    if (negate === there) return { skipped: true };
  }
  for (const exec of parsed['Service.ExecStart'] ?? []) {
    const result = spawnSync('/bin/sh', ['-c', exec], { stdio: 'inherit', env: process.env });
    if (result.status !== 0) return { failed: true, status: result.status };
  }
  return { ok: true };
}

function startUnit(unit) {
  const path = unitFile(unit);
  if (!path) fail(`Failed to start ${unit}: Unit ${unit} not found.`, 5);
  const parsed = parseUnit(path);
  if (unit.endsWith('.timer')) {
    setFlag(join(RUNTIME, 'started', unit));
    return;
  }
  const type = parsed['Service.Type']?.[0] ?? 'simple';
  if (type === 'oneshot') {
    const outcome = runOneshot(parsed);
    record({ unit, ...outcome });
    if (outcome.failed) fail(`Job for ${unit} failed because the control process exited with error code.`, 1);
    if (parsed['Service.RemainAfterExit']?.[0] === 'yes' && outcome.ok)
      setFlag(join(RUNTIME, 'started', unit));
    return;
  }
  const binary = (parsed['Service.ExecStart']?.[0] ?? '').replace(/^[-@!+]+/, '').split(/\s+/)[0];
  if (!binary || !existsSync(binary))
    fail(
      `Job for ${unit} failed because the control process exited with error code (${binary}: not found).`,
      1,
    );
  if (unit === 'containerd.service') {
    // containerd refuses a configuration it cannot parse.
    const config = '/etc/containerd/config.toml';
    if (existsSync(config) && !/^version\s*=\s*[23]\s*$/m.test(readFileSync(config, 'utf8')))
      fail('Job for containerd.service failed: containerd: invalid configuration (no version = 2|3)', 1);
  }
  setFlag(join(RUNTIME, 'started', unit));
}

function systemctl() {
  injectedFailure();
  const positional = args.filter((arg) => !arg.startsWith('-'));
  const [command, ...units] = positional;
  const now = args.includes('--now');
  switch (command) {
    case 'daemon-reload':
      setFlag(join(RUNTIME, 'daemon-reloaded'), String(Date.now()));
      break;
    case 'enable':
      for (const raw of units) {
        const unit = unitName(raw);
        if (!unitFile(unit)) fail(`Failed to enable unit: Unit file ${unit} does not exist.`, 1);
        setFlag(join(PERSIST, 'enabled', unit));
        if (now) startUnit(unit);
      }
      break;
    case 'disable':
      for (const raw of units) rmSync(join(PERSIST, 'enabled', unitName(raw)), { force: true });
      break;
    case 'start':
    case 'restart':
      if (args.includes('--no-block')) {
        // Queued: systemd runs it once the current job (cloud-init's) lets it; boot-units does.
        for (const raw of units)
          if (!unitFile(unitName(raw))) fail(`Failed to start ${unitName(raw)}: Unit not found.`, 5);
        break;
      }
      for (const raw of units) {
        const unit = unitName(raw);
        if (unit === 'systemd-sysext.service') mergeSysext();
        else if (unit === 'ensure-sysext.service') mergeSysext();
        else startUnit(unit);
      }
      break;
    case 'stop':
      for (const raw of units) rmSync(join(RUNTIME, 'started', unitName(raw)), { force: true });
      break;
    case 'is-active': {
      const unit = unitName(units[0]);
      record({ ok: true });
      process.stdout.write(flag(join(RUNTIME, 'started', unit)) ? 'active\n' : 'inactive\n');
      process.exit(flag(join(RUNTIME, 'started', unit)) ? 0 : 3);
      break;
    }
    case 'is-enabled': {
      const on = flag(join(PERSIST, 'enabled', unitName(units[0])));
      record({ ok: true });
      process.exit(on ? 0 : 1);
      break;
    }
    case 'list-unit-files': {
      const found = units.some((unit) => unitFile(unitName(unit)));
      record({ ok: true });
      process.exit(found ? 0 : 1);
      break;
    }
    default:
      break;
  }
  record({ ok: true });
}

/** Flatcar's systemd-sysext merges the downloaded Kubernetes image into /usr. */
function mergeSysext() {
  if (existsSync('/etc/extensions/kubernetes.raw')) installPackages(['kubelet', 'kubeadm', 'kubectl']);
  setFlag(join(RUNTIME, 'started', 'systemd-sysext.service'));
}

function sysupdate() {
  injectedFailure();
  const component = args[args.indexOf('-C') + 1];
  const dir = `/etc/sysupdate.${component}.d`;
  const transfers = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.conf')) : [];
  if (!transfers.length) fail(`No transfer definitions for component '${component}' found.`, 1);
  const conf = readFileSync(join(dir, transfers[0]), 'utf8');
  const target = /\[Target\][^[]*Path=(\S+)/.exec(conf)?.[1];
  const pattern = /\[Target\][^[]*MatchPattern=(\S+)/.exec(conf)?.[1];
  const link = /CurrentSymlink=(\S+)/.exec(conf)?.[1];
  if (!target || !pattern || !link) fail('sysupdate: transfer definition incomplete', 1);
  const file = join(target, pattern.replace('@v', `${profile.kubernetesPatch}`).replace('%a', 'x86-64'));
  mkdirSync(target, { recursive: true });
  writeFileSync(file, 'squashfs');
  mkdirSync(dirname(link), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(file, link);
  record({ ok: true, file });
}

// ---- kernel, swap, disks ----
function modprobe() {
  injectedFailure();
  const modules = args.filter((arg) => !arg.startsWith('-'));
  for (const module of modules) setFlag(join(RUNTIME, 'modules', module));
  record({ ok: true });
}

function sysctlFiles() {
  const files = [];
  for (const dir of ['/etc/sysctl.d', '/usr/lib/sysctl.d']) {
    if (existsSync(dir)) for (const file of readdirSync(dir).sort()) files.push(join(dir, file));
  }
  return files;
}

function sysctl() {
  injectedFailure();
  const applied = applySysctl(args.includes('--system') ? sysctlFiles() : []);
  record({ ok: true, applied });
}

function applySysctl(files) {
  const applied = {};
  for (const file of files) {
    for (const line of readLines(file)) {
      const pair = /^\s*([\w.-]+)\s*=\s*(\S+)\s*$/.exec(line);
      if (!pair) continue;
      // The net.bridge keys exist only once br_netfilter is loaded.
      if (pair[1].startsWith('net.bridge.') && !flag(join(RUNTIME, 'modules', 'br_netfilter'))) {
        process.stderr.write(
          `sysctl: cannot stat /proc/sys/${pair[1].replaceAll('.', '/')}: No such file or directory\n`,
        );
        continue;
      }
      applied[pair[1]] = pair[2];
    }
  }
  const state = join(RUNTIME, 'sysctl.json');
  const current = existsSync(state) ? JSON.parse(readFileSync(state, 'utf8')) : {};
  setFlag(state, JSON.stringify({ ...current, ...applied }));
  return applied;
}

function swapoff() {
  setFlag(join(RUNTIME, 'swap-off'));
  record({ ok: true });
}

const DISK = join(PERSIST, 'disk');
const VOLUME_DEVICE = '/dev/nvme1n1';

function lsblk() {
  record({ ok: true });
  const columns = args.join(' ');
  if (/NAME,SERIAL/.test(columns)) {
    process.stdout.write(
      `/dev/nvme0n1 vol0rootdisk000000000\n${VOLUME_DEVICE} ${profile.volumeSerial ?? ''}\n`,
    );
  } else if (/NAME,MODEL/.test(columns)) {
    process.stdout.write(
      `/dev/nvme0n1 Amazon Elastic Block Store\n${VOLUME_DEVICE} Amazon Elastic Block Store\n`,
    );
  } else if (/PKNAME/.test(columns)) {
    process.stdout.write('nvme0n1\n');
  } else {
    process.stdout.write(`${basename(args[args.length - 1] ?? '')}\n`);
  }
}

function blkid() {
  const device = args[args.length - 1];
  if (device !== VOLUME_DEVICE) {
    record({ ok: false });
    process.exit(2);
  }
  const uuid = readLines(join(DISK, 'uuid'))[0];
  record({ ok: true, formatted: Boolean(uuid) });
  if (!uuid) process.exit(2);
  if (args.includes('-p')) {
    process.stdout.write(`${device}: UUID="${uuid}" TYPE="ext4"\n`);
  } else if (args.includes('UUID')) {
    process.stdout.write(`${uuid}\n`);
  } else {
    process.stdout.write(`${device}: UUID="${uuid}" TYPE="ext4"\n`);
  }
}

function mkfs() {
  injectedFailure();
  const device = args[args.length - 1];
  if (device !== VOLUME_DEVICE) fail(`mkfs: ${device}: not the data volume; refusing in the simulation`, 1);
  rmSync(join(DISK, 'data'), { recursive: true, force: true });
  mkdirSync(join(DISK, 'data', 'lost+found'), { recursive: true });
  setFlag(
    join(DISK, 'uuid'),
    randomBytes(16)
      .toString('hex')
      .replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5'),
  );
  record({ ok: true });
}

/** `mount DIR` through /etc/fstab: binds the data volume's directory there. */
function mount() {
  injectedFailure();
  const target = args.filter((arg) => !arg.startsWith('-'))[0];
  const uuid = readLines(join(DISK, 'uuid'))[0];
  const line = readLines('/etc/fstab').find(
    (entry) => entry.split(/\s+/)[1] === target && !entry.startsWith('#'),
  );
  if (!line) fail(`mount: ${target}: can't find in /etc/fstab.`, 1);
  if (line.split(/\s+/)[0] !== `UUID=${uuid}`)
    fail(`mount: ${target}: can't find ${line.split(/\s+/)[0]}.`, 1);
  execFileSync('/usr/bin/mount', ['--bind', join(DISK, 'data'), target]);
  record({ ok: true });
}

// ---- containerd ----
function containerd() {
  injectedFailure();
  if (args[0] === 'config' && args[1] === 'default') {
    process.stdout.write(readFileSync(join(STAGE, 'containerd-default.toml'), 'utf8'));
    record({ ok: true });
    return;
  }
  if (args[0] === '--version') process.stdout.write(`containerd ${profile.containerdVersion}\n`);
  record({ ok: true });
}

// ---- Kubernetes ----
// Loaded only by the stand-ins that read YAML (startup time adds up over a boot).
const YAML = ['kubeadm', 'kubectl'].includes(name) ? (await import('yaml')).default : undefined;
const fields =
  name === 'kubeadm'
    ? JSON.parse(readFileSync(join(STAGE, 'kubeadm-v1beta4-fields.json'), 'utf8'))
    : undefined;

function checkFields(value, type, path, errors) {
  if (type === 'string' || type === '{}') return;
  const list = /^\[(\w+)\]$/.exec(type);
  if (list) {
    if (!Array.isArray(value)) return errors.push(`${path}: expected a list`);
    value.forEach((item, i) => {
      checkFields(item, list[1], `${path}[${i}]`, errors);
    });
    return;
  }
  const known = fields.types[type];
  if (!known) return errors.push(`${path}: no type ${type}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return errors.push(`${path}: expected an object`);
  for (const [key, child] of Object.entries(value)) {
    if (!(key in known))
      errors.push(`strict decoding error: unknown field "${path ? `${path}.` : ''}${key}"`);
    else checkFields(child, known[key], path ? `${path}.${key}` : key, errors);
  }
}

/** Parses a kubeadm config file as kubeadm does: every document's fields must be known to its kind. */
function readKubeadmConfig(file) {
  if (!file || !existsSync(file)) fail(`open ${file}: no such file or directory`, 1);
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
  const parsed = {};
  for (const doc of docs) {
    if (doc.errors.length) fail(`error converting YAML to JSON: ${doc.errors[0].message}`, 1);
    const object = doc.toJS();
    if (!object) continue;
    if (object.apiVersion === 'kubeadm.k8s.io/v1beta4') {
      const type = fields.kinds[object.kind];
      if (!type) fail(`no kind "${object.kind}" is registered for version "kubeadm.k8s.io/v1beta4"`, 1);
      const errors = [];
      checkFields(object, type, '', errors);
      if (errors.length) fail(errors.join('\n'), 1);
      for (const value of JSON.stringify(object).match(/__KUBE_TUI_\w+__/g) ?? [])
        fail(`a placeholder was not filled in: ${value}`, 1);
    } else if (object.apiVersion === 'kubelet.config.k8s.io/v1beta1') {
      if (object.kind !== 'KubeletConfiguration') fail(`unknown kind ${object.kind}`, 1);
    } else if (object.apiVersion?.startsWith('kubeadm.k8s.io/')) {
      fail(`your configuration file uses an old API spec: "${object.apiVersion}"`, 1);
    } else {
      fail(`unknown apiVersion ${object.apiVersion}`, 1);
    }
    parsed[object.kind] = object;
  }
  return parsed;
}

function configArgument() {
  const index = args.indexOf('--config');
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith('--config='))?.slice('--config='.length);
}

/** kubeadm's preflight: what real kubeadm checks before it changes anything. */
function preflight() {
  const problems = [];
  if (!flag(join(RUNTIME, 'started', 'containerd.service')))
    problems.push(
      '[ERROR CRI]: container runtime is not running: unix:///var/run/containerd/containerd.sock',
    );
  if (!existsSync('/usr/bin/kubelet'))
    problems.push('[ERROR FileExisting-kubelet]: kubelet not found in system path');
  if (!flag(join(RUNTIME, 'swap-off')))
    problems.push('[ERROR Swap]: swap is supported for cgroup v2 only; running with swap on');
  if (!flag(join(RUNTIME, 'modules', 'br_netfilter')))
    problems.push(
      '[ERROR FileContent--proc-sys-net-bridge-bridge-nf-call-iptables]: /proc/sys/net/bridge/bridge-nf-call-iptables does not exist',
    );
  const sysctls = existsSync(join(RUNTIME, 'sysctl.json'))
    ? JSON.parse(readFileSync(join(RUNTIME, 'sysctl.json'), 'utf8'))
    : {};
  if (sysctls['net.ipv4.ip_forward'] !== '1')
    problems.push(
      '[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward contents are not set to 1',
    );
  if (sysctls['net.bridge.bridge-nf-call-iptables'] !== '1')
    problems.push(
      '[ERROR FileContent--proc-sys-net-bridge-bridge-nf-call-iptables]: contents are not set to 1',
    );
  const config = '/etc/containerd/config.toml';
  if (!existsSync(config) || !/SystemdCgroup = true/.test(readFileSync(config, 'utf8')))
    problems.push(
      '[ERROR CRI]: containerd does not use the systemd cgroup driver the kubelet is configured with',
    );
  if (problems.length) fail(`[preflight] Some fatal errors occurred:\n\t${problems.join('\n\t')}`, 1);
}

function pem(label, body) {
  return `-----BEGIN ${label}-----\n${Buffer.from(body).toString('base64')}\n-----END ${label}-----\n`;
}

function kubeconfig(server, user) {
  const ca = readFileSync('/etc/kubernetes/pki/ca.crt');
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'kubernetes', cluster: { server, 'certificate-authority-data': ca.toString('base64') } },
    ],
    users: [
      {
        name: user,
        user: {
          'client-certificate-data': Buffer.from(
            pem('CERTIFICATE', `${user} ${new Date().toISOString()}`),
          ).toString('base64'),
          'client-key-data': Buffer.from(pem('RSA PRIVATE KEY', randomBytes(24).toString('hex'))).toString(
            'base64',
          ),
        },
      },
    ],
    contexts: [{ name: `${user}@kubernetes`, context: { cluster: 'kubernetes', user } }],
    'current-context': `${user}@kubernetes`,
  });
}

const CLUSTER = join(PERSIST, 'cluster');

function writeCerts() {
  const pki = '/etc/kubernetes/pki';
  for (const cert of [
    'apiserver',
    'apiserver-kubelet-client',
    'front-proxy-client',
    'apiserver-etcd-client',
  ]) {
    writeFileSync(
      join(pki, `${cert}.crt`),
      pem('CERTIFICATE', `${cert} issued ${clock()} ${randomBytes(4).toString('hex')}`),
    );
    writeFileSync(join(pki, `${cert}.key`), pem('RSA PRIVATE KEY', randomBytes(24).toString('hex')), {
      mode: 0o600,
    });
  }
  for (const pair of ['sa', 'front-proxy-ca']) {
    if (!existsSync(join(pki, `${pair}.key`)))
      writeFileSync(join(pki, `${pair}.key`), pem('RSA PRIVATE KEY', pair), { mode: 0o600 });
  }
}

function kubeadmInit() {
  const config = readKubeadmConfig(configArgument());
  preflight();
  if (existsSync('/etc/kubernetes/manifests/kube-apiserver.yaml'))
    fail(
      '[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists',
      1,
    );
  if (!existsSync('/etc/kubernetes/pki/ca.crt') || !existsSync('/etc/kubernetes/pki/ca.key'))
    fail('the cluster CA was expected at /etc/kubernetes/pki/ca.{crt,key}', 1);
  const init = config.InitConfiguration ?? fail('no InitConfiguration in the config', 1);
  const advertise = init.localAPIEndpoint?.advertiseAddress;
  writeCerts();
  mkdirSync('/etc/kubernetes/manifests', { recursive: true });
  for (const component of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'])
    writeFileSync(`/etc/kubernetes/manifests/${component}.yaml`, `# static pod ${component}\n`);
  const server = `https://${advertise}:6443`;
  for (const [file, user] of [
    ['admin.conf', 'kubernetes-admin'],
    ['super-admin.conf', 'kubernetes-super-admin'],
    ['kubelet.conf', `system:node:${init.nodeRegistration?.name}`],
    ['controller-manager.conf', 'system:kube-controller-manager'],
    ['scheduler.conf', 'system:kube-scheduler'],
  ])
    writeFileSync(`/etc/kubernetes/${file}`, kubeconfig(server, user), { mode: 0o600 });
  mkdirSync(join(ETCD_DATA(), 'member'), { recursive: true });
  kubeletStart();
  // kubeadm writes the KubeletConfiguration for this kubelet and uploads it (ConfigMap kubelet-config)
  // for every node that joins.
  const kubeletConfig = YAML.stringify(config.KubeletConfiguration ?? { kind: 'KubeletConfiguration' });
  setFlag('/var/lib/kubelet/config.yaml', kubeletConfig);
  setFlag(join(CLUSTER, 'kubelet-config.yaml'), kubeletConfig);
  const tokens = (init.bootstrapTokens ?? []).map((token) => token.token);
  setFlag(join(CLUSTER, 'tokens'), `${tokens.join('\n')}\n`);
  setFlag(join(CLUSTER, 'initialized'), JSON.stringify({ nodeName: init.nodeRegistration?.name }));
  record({ ok: true, nodeName: init.nodeRegistration?.name });
}

/** kubeadm's kubelet-start phase: `systemctl restart kubelet` (needs the kubelet's unit). */
function kubeletStart() {
  if (!unitFile('kubelet.service')) fail('[kubelet-start] kubelet.service not found', 1);
  setFlag(join(RUNTIME, 'started', 'kubelet.service'));
}

function ETCD_DATA() {
  return '/var/lib/etcd';
}

function kubeadmJoin() {
  const config = readKubeadmConfig(configArgument());
  preflight();
  if (existsSync('/etc/kubernetes/kubelet.conf'))
    fail(
      '[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists',
      1,
    );
  const join_ = config.JoinConfiguration ?? fail('no JoinConfiguration in the config', 1);
  const discovery = join_.discovery?.bootstrapToken ?? {};
  // The master's side of the cluster, as the test set it up: the tokens it knows and its CA's hash.
  const cluster = JSON.parse(readFileSync(join(STAGE, 'cluster.json'), 'utf8'));
  if (!cluster.tokens.includes(discovery.token))
    fail(
      `couldn't validate the identity of the API Server: token id "${String(discovery.token).split('.')[0]}" is invalid for this cluster or it has expired`,
      1,
    );
  if (!(discovery.caCertHashes ?? []).includes(cluster.caCertHash))
    fail(
      'cluster CA found in cluster-info ConfigMap is invalid: none of the public keys match the pinned hashes',
      1,
    );
  if (!cluster.kubeletConfig)
    fail(
      'error execution phase kubelet-start: configmaps "kubelet-config" is forbidden or not found in kube-system',
      1,
    );
  mkdirSync('/etc/kubernetes/pki', { recursive: true });
  writeFileSync('/etc/kubernetes/pki/ca.crt', cluster.caCertPem);
  setFlag('/var/lib/kubelet/config.yaml', cluster.kubeletConfig);
  writeFileSync(
    '/etc/kubernetes/kubelet.conf',
    kubeconfig(`https://${discovery.apiServerEndpoint}`, `system:node:${join_.nodeRegistration?.name}`),
    {
      mode: 0o600,
    },
  );
  record({
    ok: true,
    token: discovery.token,
    caCertHashes: discovery.caCertHashes,
    nodeName: join_.nodeRegistration?.name,
  });
}

function kubeadm() {
  injectedFailure();
  const [command, sub] = args;
  if (command === 'version') {
    process.stdout.write(
      args.includes('short')
        ? `${profile.kubernetesPatch}\n`
        : `kubeadm version: ${profile.kubernetesPatch}\n`,
    );
    return record({ ok: true });
  }
  if (command === 'config' && sub === 'images') {
    readKubeadmConfig(configArgument());
    if (!flag(join(RUNTIME, 'started', 'containerd.service')))
      fail(
        'failed to create new CRI image service: validate service connection: containerd.sock: connect: no such file or directory',
        1,
      );
    return record({ ok: true });
  }
  if (command === 'init') return kubeadmInit();
  if (command === 'join') return kubeadmJoin();
  if (command === 'reset') {
    for (const file of ['/etc/kubernetes/kubelet.conf', '/etc/kubernetes/bootstrap-kubelet.conf'])
      rmSync(file, { force: true });
    return record({ ok: true });
  }
  if (command === 'token' && sub === 'create') {
    if (!existsSync('/etc/kubernetes/admin.conf'))
      fail('open /etc/kubernetes/admin.conf: no such file or directory', 1);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const pick = (n) => Array.from(randomBytes(n), (byte) => alphabet[byte % alphabet.length]).join('');
    const token = `${pick(6)}.${pick(16)}`;
    appendFileSync(join(CLUSTER, 'tokens'), `${token}\n`);
    process.stdout.write(`${token}\n`);
    return record({ ok: true, created: 'token' });
  }
  if (command === 'certs' && sub === 'renew') {
    if (!existsSync('/etc/kubernetes/admin.conf'))
      fail('open /etc/kubernetes/admin.conf: no such file or directory', 1);
    writeCerts();
    const server = /server: (\S+)/.exec(readFileSync('/etc/kubernetes/admin.conf', 'utf8'))?.[1];
    for (const [file, user] of [
      ['admin.conf', 'kubernetes-admin'],
      ['super-admin.conf', 'kubernetes-super-admin'],
      ['controller-manager.conf', 'system:kube-controller-manager'],
      ['scheduler.conf', 'system:kube-scheduler'],
    ])
      writeFileSync(`/etc/kubernetes/${file}`, kubeconfig(server, user), { mode: 0o600 });
    return record({ ok: true, renewed: args[2] });
  }
  record({ ok: true });
}

function kubelet() {
  if (args.includes('--version')) process.stdout.write(`Kubernetes ${profile.kubernetesPatch}\n`);
  record({ ok: true });
}

/** The API server answers once kubeadm init ran and the kubelet runs its static pods. */
function apiServerUp() {
  return flag(join(CLUSTER, 'initialized')) && flag(join(RUNTIME, 'started', 'kubelet.service'));
}

async function validateManifest(object, where) {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const modulePath = group
    ? `kubernetes-models/${group}/${version}/${object.kind}`
    : `kubernetes-models/${version}/${object.kind}`;
  let model;
  try {
    model = await import(modulePath);
  } catch {
    fail(
      `error: resource mapping not found for name: "${object.metadata?.name}" ${where}: no matches for kind "${object.kind}" in version "${object.apiVersion}"`,
      1,
    );
  }
  try {
    new model[object.kind](object).validate();
  } catch (error) {
    fail(`error: error validating "${where}": ${object.kind} ${object.metadata?.name}: ${error.message}`, 1);
  }
  // The API server refuses unknown fields (strict field validation, kubectl's default).
  const unknown = unknownFields(object, modulePath);
  if (unknown.length)
    fail(
      `Error from server (BadRequest): error when creating "${where}": ${object.kind} in version "${version}" cannot be handled as a ${object.kind}: ${unknown.map((field) => `strict decoding error: unknown field "${field}"`).join(', ')}`,
      1,
    );
}

// ---- CertificateSigningRequests: what the API server stores, as the kubelets created them ----
const CSRS = join(CLUSTER, 'csrs');

function readCsr(csrName) {
  const path = join(CSRS, `${csrName}.json`);
  if (!existsSync(path))
    fail(
      `Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "${csrName}" not found`,
      1,
    );
  return JSON.parse(readFileSync(path, 'utf8'));
}

function listCsrs() {
  const items = existsSync(CSRS)
    ? readdirSync(CSRS)
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => JSON.parse(readFileSync(join(CSRS, file), 'utf8')))
    : [];
  return { apiVersion: 'v1', kind: 'List', items };
}

/** kubectl certificate approve|deny NAME: adds the condition, as the API server's approval subresource does. */
function decideCsr(verb, csrName) {
  const csr = readCsr(csrName);
  const type = verb === 'approve' ? 'Approved' : 'Denied';
  const conditions = csr.status?.conditions ?? [];
  const other = conditions.find((condition) => condition.type !== type);
  if (other)
    fail(`error: certificatesigningrequest.certificates.k8s.io/${csrName} is already ${other.type}`, 1);
  if (!conditions.length) {
    csr.status = {
      ...csr.status,
      conditions: [
        {
          type,
          status: 'True',
          reason: verb === 'approve' ? 'KubectlApprove' : 'KubectlDeny',
          message: `This CSR was ${verb === 'approve' ? 'approved' : 'denied'} by kubectl certificate ${verb}.`,
        },
      ],
    };
    writeFileSync(join(CSRS, `${csrName}.json`), JSON.stringify(csr));
  }
  process.stdout.write(`certificatesigningrequest.certificates.k8s.io/${csrName} ${type.toLowerCase()}\n`);
  record({ ok: true, [type.toLowerCase()]: csrName });
}

/**
 * kubectl's JSONPath output, for the subset the scripts use: {range EXPR}…{end}, {.field.path},
 * {.list[*].field}, {.list[N]}, {@} and quoted literals ({"\t"}). Anything else fails loudly, so a
 * script never passes on an expression the stand-in cannot judge.
 */
function jsonpath(template, root) {
  const tokens = [];
  for (let i = 0; i < template.length; ) {
    if (template[i] !== '{') {
      const next = template.indexOf('{', i);
      const end = next < 0 ? template.length : next;
      tokens.push({ text: template.slice(i, end) });
      i = end;
      continue;
    }
    let j = i + 1;
    let quoted = false;
    while (j < template.length && (quoted || template[j] !== '}')) {
      if (template[j] === '"') quoted = !quoted;
      else if (quoted && template[j] === '\\') j++;
      j++;
    }
    if (j >= template.length) fail(`error: error parsing jsonpath ${template}, unclosed action`, 1);
    tokens.push({ expr: template.slice(i + 1, j).trim() });
    i = j + 1;
  }
  const select = (path, scope) => {
    if (path === '@') return [scope];
    if (!path.startsWith('.'))
      fail(`error: the simulated kubectl does not support the JSONPath {${path}}`, 1);
    let values = [scope];
    for (const segment of path.slice(1).split('.')) {
      const match = /^([A-Za-z0-9_-]*)(?:\[(\*|\d+)\])?$/.exec(segment);
      if (!match) fail(`error: the simulated kubectl does not support the JSONPath segment ${segment}`, 1);
      const [, field, index] = match;
      if (field)
        values = values.flatMap((value) =>
          value && typeof value === 'object' && value[field] !== undefined ? [value[field]] : [],
        );
      if (index === '*') values = values.flatMap((value) => (Array.isArray(value) ? value : []));
      else if (index !== undefined)
        values = values.flatMap((value) =>
          Array.isArray(value) && Number(index) < value.length ? [value[Number(index)]] : [],
        );
    }
    return values;
  };
  const print = (value) =>
    typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  const run = (start, scope) => {
    let out = '';
    let i = start;
    while (i < tokens.length) {
      const token = tokens[i];
      if (token.text !== undefined) {
        out += token.text;
        i++;
      } else if (token.expr === 'end') {
        return { out, next: i + 1 };
      } else if (token.expr.startsWith('range ')) {
        let next = i + 1;
        const items = select(token.expr.slice('range '.length).trim(), scope);
        if (!items.length) {
          // Skip the body: find its {end}.
          let depth = 1;
          while (next < tokens.length && depth) {
            if (tokens[next].expr?.startsWith('range ')) depth++;
            if (tokens[next].expr === 'end') depth--;
            next++;
          }
        }
        for (const item of items) {
          const body = run(i + 1, item);
          out += body.out;
          next = body.next;
        }
        i = next;
      } else if (token.expr.startsWith('"')) {
        out += JSON.parse(token.expr);
        i++;
      } else {
        out += select(token.expr, scope).map(print).join(' ');
        i++;
      }
    }
    return { out, next: i };
  };
  return run(0, root).out;
}

function kubectlGet() {
  const [, resource, maybeName] = args;
  if (!['csr', 'csrs', 'certificatesigningrequest', 'certificatesigningrequests'].includes(resource))
    fail(`error: the simulated kubectl cannot get ${resource}`, 1);
  const objectName = maybeName && !maybeName.startsWith('-') ? maybeName : undefined;
  const object = objectName ? readCsr(objectName) : listCsrs();
  const output = args.find((arg) => arg.startsWith('-o') || arg.startsWith('--output'));
  const format =
    output === '-o' || output === '--output'
      ? args[args.indexOf(output) + 1]
      : output?.replace(/^(-o|--output=)/, '');
  if (format?.startsWith('jsonpath='))
    process.stdout.write(jsonpath(format.slice('jsonpath='.length), object));
  else if (format === 'json') process.stdout.write(`${JSON.stringify(object, null, 2)}\n`);
  else fail(`error: the simulated kubectl prints only -o json and -o jsonpath (asked: ${format})`, 1);
  record({ ok: true });
}

async function kubectl() {
  injectedFailure();
  const kubeconfigPath = process.env.KUBECONFIG ?? args[args.indexOf('--kubeconfig') + 1];
  if (!kubeconfigPath || !existsSync(kubeconfigPath))
    fail(
      'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
      1,
    );
  if (!apiServerUp())
    fail(
      'The connection to the server 172.20.0.9:6443 was refused - did you specify the right host or port?',
      1,
    );
  const [command] = args;
  if (command === 'get' && args.includes('--raw')) {
    process.stdout.write('ok\n');
    return record({ ok: true });
  }
  if (command === 'get') return kubectlGet();
  if (command === 'certificate') {
    const [, verb, csrName] = args;
    if (!['approve', 'deny'].includes(verb) || !csrName)
      fail('error: kubectl certificate takes approve or deny and a name', 1);
    return decideCsr(verb, csrName);
  }
  if (command === 'apply') {
    const file = args[args.indexOf('-f') + 1];
    const text = readFileSync(file, 'utf8');
    const applied = [];
    for (const doc of YAML.parseAllDocuments(text)) {
      if (doc.errors.length) fail(`error: error parsing ${file}: ${doc.errors[0].message}`, 1);
      const object = doc.toJS();
      if (!object) continue;
      if (!object.apiVersion || !object.kind || !object.metadata?.name)
        fail(`error: error validating "${file}": apiVersion, kind and metadata.name are required`, 1);
      await validateManifest(object, file);
      applied.push(`${object.kind}/${object.metadata.name}`);
    }
    appendFileSync(
      join(CLUSTER, 'applied'),
      `${applied.map((entry) => `${basename(file)} ${entry}`).join('\n')}\n`,
    );
    return record({ ok: true, applied });
  }
  record({ ok: true });
}

/** curl, except that the master's API address (not reachable from this machine) answers as the cluster does. */
function curl() {
  const url = args.find((arg) => /^https?:\/\//.test(arg)) ?? '';
  const api = profile.apiEndpoint && url.startsWith(`https://${profile.apiEndpoint}/`);
  if (!api) {
    const result = spawnSync('/usr/bin/curl', args, { stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
  const ready = existsSync(join(STAGE, 'cluster.json'));
  record({ ok: ready, url });
  if (!ready) {
    process.stderr.write(`curl: (7) Failed to connect to ${profile.apiEndpoint}: Connection refused\n`);
    process.exit(7);
  }
  process.stdout.write('ok');
}

function sleep() {
  const seconds = Number.parseFloat(args[0] ?? '0') || 0;
  advance(seconds);
  record({ ok: true });
}

/** systemd at boot: starts what is enabled, services first, then oneshots (which run to their end). */
function bootUnits() {
  // What systemd does before the units: modules-load.d, sysctl.d, the fstab's swap and mounts.
  for (const dir of ['/etc/modules-load.d', '/usr/lib/modules-load.d']) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir))
      for (const module of readLines(join(dir, file))) setFlag(join(RUNTIME, 'modules', module.trim()));
  }
  applySysctl(sysctlFiles());
  const fstab = readLines('/etc/fstab').filter((line) => !line.trim().startsWith('#'));
  if (!fstab.some((line) => line.split(/\s+/)[2] === 'swap')) setFlag(join(RUNTIME, 'swap-off'));
  const uuid = readLines(join(DISK, 'uuid'))[0];
  for (const line of fstab) {
    const [source, target] = line.split(/\s+/);
    if (uuid && source === `UUID=${uuid}`)
      execFileSync('/usr/bin/mount', ['--bind', join(DISK, 'data'), target]);
  }
  const enabledDir = join(PERSIST, 'enabled');
  const units = existsSync(enabledDir) ? readdirSync(enabledDir).sort() : [];
  // systemd starts the daemons (containerd, the kubelet) alongside the oneshots, whose retry loops
  // then see them come up; run one after the other here, the daemons must go first.
  const isOneshot = (unit) => {
    const path = unitFile(unit);
    return Boolean(path) && /^Type=oneshot/m.test(readFileSync(path, 'utf8'));
  };
  const rest = units.filter((unit) => !['systemd-sysext.service', 'containerd.service'].includes(unit));
  const ordered = [
    ...units.filter((unit) => unit === 'systemd-sysext.service'),
    ...units.filter((unit) => unit === 'containerd.service'),
    ...rest.filter((unit) => !isOneshot(unit)),
    ...rest.filter((unit) => isOneshot(unit)),
  ];
  let failed = 0;
  for (const unit of ordered) {
    const path = unitFile(unit);
    if (!path) continue;
    if (unit === 'systemd-sysext.service') {
      mergeSysext();
      continue;
    }
    if (unit.endsWith('.timer')) {
      setFlag(join(RUNTIME, 'started', unit));
      continue;
    }
    const parsed = parseUnit(path);
    if ((parsed['Service.Type']?.[0] ?? 'simple') === 'oneshot') {
      const outcome = runOneshot(parsed);
      process.stdout.write(`boot: ${unit} ${JSON.stringify(outcome)}\n`);
      appendFileSync(
        join(STAGE, 'records.jsonl'),
        `${JSON.stringify({ boot: Number(process.env.KT_SIM_BOOT ?? 0), cmd: 'boot', unit, ...outcome })}\n`,
      );
      if (outcome.failed) failed++;
      else if (outcome.ok && parsed['Service.RemainAfterExit']?.[0] === 'yes')
        setFlag(join(RUNTIME, 'started', unit));
      continue;
    }
    const binary = (parsed['Service.ExecStart']?.[0] ?? '').replace(/^[-@!+]+/, '').split(/\s+/)[0];
    if (binary && existsSync(binary)) setFlag(join(RUNTIME, 'started', unit));
    else process.stdout.write(`boot: ${unit} failed: ${binary} not found\n`);
  }
  process.exit(failed ? 1 : 0);
}

/** Flatcar's Ignition at the first boot: files, directories and units (enabled ones are enabled). */
function ignition() {
  const config = JSON.parse(readFileSync(args[0], 'utf8'));
  for (const directory of config.storage?.directories ?? []) mkdirSync(directory.path, { recursive: true });
  for (const file of config.storage?.files ?? []) {
    const source = file.contents?.source ?? 'data:,';
    const data = source.startsWith('data:;base64,')
      ? Buffer.from(source.slice('data:;base64,'.length), 'base64')
      : Buffer.from(decodeURIComponent(source.slice(source.indexOf(',') + 1)));
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, data);
    chmodSync(file.path, file.mode ?? 0o644);
  }
  for (const unit of config.systemd?.units ?? []) {
    if (unit.contents !== undefined) setFlag(join('/etc/systemd/system', unit.name), unit.contents);
    if (unit.enabled) setFlag(join(PERSIST, 'enabled', unit.name));
  }
}

/** `record TOOL ARGS…`: records a call to a real program (apt-get on a Debian root), or fails it when asked. */
function recordReal() {
  const [tool, ...rest] = args;
  const wanted = process.env.KT_SIM_FAIL;
  const call = [tool, ...rest].join(' ');
  const entry = { boot: Number(process.env.KT_SIM_BOOT ?? 0), cmd: tool, args: rest, real: true };
  if (wanted && call.startsWith(wanted)) {
    appendFileSync(
      join(STAGE, 'records.jsonl'),
      `${JSON.stringify({ ...entry, failed: `injected failure: ${call}` })}\n`,
    );
    process.stderr.write(`injected failure: ${call}\n`);
    process.exit(1);
  }
  appendFileSync(join(STAGE, 'records.jsonl'), `${JSON.stringify({ ...entry, ok: true })}\n`);
}

function preinstall() {
  installPackages(args);
}

function generic() {
  injectedFailure();
  record({ ok: true });
}

const handlers = {
  'apt-get': aptGet,
  'apt-mark': generic,
  dnf,
  systemctl,
  'systemd-sysupdate': sysupdate,
  modprobe,
  sysctl,
  swapoff,
  lsblk,
  blkid,
  'mkfs.ext4': mkfs,
  mount,
  containerd,
  ctr: generic,
  'containerd-shim-runc-v2': generic,
  runc: generic,
  kubeadm,
  kubelet,
  kubectl,
  curl,
  sleep,
  'boot-units': bootUnits,
  ignition,
  preinstall,
  record: recordReal,
};

const handler = handlers[name];
if (!handler) fail(`standin: no stand-in called ${name}`, 127);
await handler();

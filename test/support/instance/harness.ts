// The simulated instance: runs an instance's real user data as a process tree in a private mount
// namespace (unshare -m), with the host's directories behind writable overlays, a local IMDSv2, the
// bundle in moto's S3 and recording stand-ins for package managers, systemd, the kernel's knobs, the
// data volume, containerd and Kubernetes (standin.mjs). A second boot of the same instance is a reboot.
import { execFile, execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OsDistribution } from '../../../src/model/config.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(HERE, 'fixtures');
const STANDIN = join(HERE, 'standin.mjs');
/** The checkout the stand-ins run from (with node_modules), kept visible inside the namespace. */
const CHECKOUT = join(HERE, '..', '..', '..');

export type Family = 'apt' | 'dnf' | 'flatcar';

interface OsImage {
  family: Family;
  osRelease: string;
  /** What `containerd config default` prints for the containerd this OS installs. */
  containerdDefault: string;
  containerdVersion: string;
  /** Ubuntu's unattended-upgrades holds the dpkg lock at first boot. */
  dpkgLockHeldSeconds: number;
}

const upstream17 = 'containerd-1.7-upstream.toml';

export const OS_IMAGES: Record<OsDistribution, OsImage> = {
  'ubuntu-24.04': {
    family: 'apt',
    osRelease: 'ID=ubuntu\nVERSION_ID="24.04"\nPRETTY_NAME="Ubuntu 24.04 LTS"\n',
    containerdDefault: upstream17,
    containerdVersion: '1.7.28',
    dpkgLockHeldSeconds: 300,
  },
  'ubuntu-22.04': {
    family: 'apt',
    osRelease: 'ID=ubuntu\nVERSION_ID="22.04"\nPRETTY_NAME="Ubuntu 22.04 LTS"\n',
    containerdDefault: upstream17,
    containerdVersion: '1.7.28',
    dpkgLockHeldSeconds: 300,
  },
  'debian-12': {
    family: 'apt',
    osRelease: 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
    containerdDefault: 'containerd-1.6.20-debian12.toml',
    containerdVersion: '1.6.20~ds1',
    dpkgLockHeldSeconds: 0,
  },
  'debian-13': {
    family: 'apt',
    osRelease: 'ID=debian\nVERSION_ID="13"\nPRETTY_NAME="Debian GNU/Linux 13 (trixie)"\n',
    containerdDefault: 'containerd-1.7.24-debian13.toml',
    containerdVersion: '1.7.24~ds1',
    dpkgLockHeldSeconds: 0,
  },
  al2023: {
    family: 'dnf',
    osRelease: 'ID="amzn"\nVERSION_ID="2023"\nPRETTY_NAME="Amazon Linux 2023"\n',
    containerdDefault: upstream17,
    containerdVersion: '1.7.27',
    dpkgLockHeldSeconds: 0,
  },
  flatcar: {
    family: 'flatcar',
    osRelease: 'ID=flatcar\nVERSION_ID=4230.2.0\nPRETTY_NAME="Flatcar Container Linux by Kinvolk 4230.2.0"\n',
    containerdDefault: upstream17,
    containerdVersion: '1.7.23',
    dpkgLockHeldSeconds: 0,
  },
};

const ALWAYS = ['systemctl', 'sysctl', 'lsblk', 'blkid', 'mkfs.ext4', 'mount'];
const FAMILY_TOOLS: Record<Family, string[]> = {
  apt: ['apt-get', 'apt-mark'],
  dnf: ['dnf'],
  flatcar: [],
};

/** One line of records.jsonl from a shell stand-in. */
function recordCall(tool: string): string {
  return `printf '{"boot":%s,"cmd":"${tool}","args":[],"ok":true}\\n' "$KT_SIM_BOOT" >>/media/kt/records.jsonl`;
}

// The simplest stand-ins stay in the shell (each node start costs on a loaded machine).
const SHELL_STANDINS: Record<string, string> = {
  // Instant: only the simulated clock moves.
  sleep:
    'mkdir -p /run/kt-sim\nnow=$(cat /run/kt-sim/clock 2>/dev/null || echo 0)\necho $((now + $(printf "%.0f" "$1"))) >/run/kt-sim/clock',
  modprobe: [
    'case "$KT_SIM_FAIL" in modprobe*) echo "injected failure: modprobe $*" >&2; exit 1 ;; esac',
    'mkdir -p /run/kt-sim/modules',
    'for module in "$@"; do case "$module" in -*) ;; *) touch "/run/kt-sim/modules/$module" ;; esac; done',
  ].join('\n'),
  swapoff: 'mkdir -p /run/kt-sim\ntouch /run/kt-sim/swap-off',
};

export interface ClusterSide {
  /** Tokens the master's kubeadm knows (what `kubeadm join` accepts). */
  tokens: string[];
  caCertHash: string;
  caCertPem: string;
  /** The KubeletConfiguration the master's kubeadm init uploaded (ConfigMap kubelet-config). */
  kubeletConfig?: string;
}

export interface InstanceOptions {
  os: OsDistribution;
  role: 'master' | 'node';
  /** The raw user data (a script, or Flatcar's Ignition JSON). */
  userData: string;
  env: Record<string, string>;
  kubernetesPatch?: string;
  /** The master volume's NVMe serial (its id without the dash). */
  volumeSerial?: string;
  /** `host:port` of the API server the node joins (answered by the stand-in curl). */
  apiEndpoint?: string;
  /** For nodes: the running master's side. */
  cluster?: ClusterSide;
  /** Fail the first stand-in call that starts with this ("kubeadm init", "apt-get install"…). */
  fail?: string;
  /** Per boot limit; the namespace is killed after it. */
  timeoutMs?: number;
  /** Packages this image lacks (removed from it; its package manager installs the real program). */
  lacks?: 'openssl'[];
  /**
   * A Debian root filesystem (debian-rootfs.ts) to boot on instead of the host's directories: apt and
   * dpkg are then the real ones, installing Debian's containerd and runc and the stand-in Kubernetes
   * packages from the local repository.
   */
  rootfs?: string;
}

export interface Record_ {
  boot: number;
  cmd: string;
  args: string[];
  ok?: boolean;
  failed?: string;
  [key: string]: unknown;
}

export interface BootResult {
  /** The user data's exit status (first boot), or the boot's units' status (later boots). */
  exitCode: number;
  userDataExit?: number;
  unitsExit: number;
  output: string;
  records: Record_[];
  /** The status of the command run after the boot, if one was given. */
  thenExit?: number;
}

/** Fails (never skips) when this machine cannot give the simulated instance a private mount namespace. */
export function assertNamespacesWork(): void {
  try {
    execFileSync('unshare', ['-m', '--propagation', 'private', 'true'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `the simulated instance needs a private mount namespace (unshare -m as root): ${(error as Error).message}`,
    );
  }
}

export class SimulatedInstance {
  readonly stage: string;
  private boots = 0;
  private failure: string | undefined;

  constructor(private readonly options: InstanceOptions) {
    this.failure = options.fail;
    this.stage = mkdtempSync(join(tmpdir(), `kt-instance-${options.os}-${options.role}-`));
    this.prepare();
  }

  private prepare() {
    const { os, role } = this.options;
    const image = OS_IMAGES[os];
    const bin = join(this.stage, 'bin');
    mkdirSync(bin);
    // The node binary is $KT_SIM_NODE: the host's, or its bind mount when the root is Debian's.
    const node = '"$KT_SIM_NODE"';
    const standins = this.options.rootfs ? ALWAYS : [...ALWAYS, ...FAMILY_TOOLS[image.family]];
    for (const tool of standins) {
      writeFileSync(join(bin, tool), `#!/bin/sh\nexec ${node} ${STANDIN} ${tool} "$@"\n`, { mode: 0o755 });
    }
    if (this.options.rootfs) {
      // Real apt and dpkg from Debian's archive; each call is still recorded (and can be made to fail).
      for (const tool of FAMILY_TOOLS[image.family])
        writeFileSync(
          join(bin, tool),
          `#!/bin/sh\n${node} ${STANDIN} record ${tool} "$@" || exit $?\nexec /usr/bin/${tool} "$@"\n`,
          { mode: 0o755 },
        );
      writeFileSync(join(this.stage, 'rootfs'), this.options.rootfs);
    }
    // Hot paths stay in the shell: sleep only advances the simulated clock; curl is the real one except
    // for the master's API address, which this machine cannot reach.
    for (const [tool, body] of Object.entries(SHELL_STANDINS)) {
      writeFileSync(join(bin, tool), `#!/bin/bash\n${body}\n${recordCall(tool)}\n`, { mode: 0o755 });
    }
    const api = this.options.apiEndpoint ?? 'unset.invalid:0';
    writeFileSync(
      join(bin, 'curl'),
      `#!/bin/bash\nfor arg in "$@"; do\n  case "$arg" in https://${api}/*) exec ${node} ${STANDIN} curl "$@" ;; esac\ndone\nexec /usr/bin/curl "$@"\n`,
      { mode: 0o755 },
    );
    copyFileSync(join(FIXTURES, image.containerdDefault), join(this.stage, 'containerd-default.toml'));
    copyFileSync(
      join(FIXTURES, 'kubeadm-v1beta4-fields.json'),
      join(this.stage, 'kubeadm-v1beta4-fields.json'),
    );
    copyFileSync(
      join(FIXTURES, 'flatcar-usr-share-containerd-config.toml'),
      join(this.stage, 'flatcar-containerd.toml'),
    );
    writeFileSync(
      join(this.stage, 'profile.json'),
      JSON.stringify({
        os,
        role,
        family: image.family,
        containerdVersion: image.containerdVersion,
        dpkgLockHeldSeconds: image.dpkgLockHeldSeconds,
        kubernetesPatch: this.options.kubernetesPatch ?? 'v1.36.2',
        volumeSerial: this.options.volumeSerial,
        apiEndpoint: this.options.apiEndpoint,
      }),
    );
    if (this.options.cluster)
      writeFileSync(join(this.stage, 'cluster.json'), JSON.stringify(this.options.cluster));
    if (image.family === 'flatcar') writeFileSync(join(this.stage, 'ignition.json'), this.options.userData);
    else writeFileSync(join(this.stage, 'user-data.sh'), this.options.userData);
    writeFileSync(
      join(this.stage, 'image.sh'),
      imageScript(os, this.options.lacks ?? [], Boolean(this.options.rootfs)),
    );
    // A package's real program, for the stand-in package manager to install when asked.
    mkdirSync(join(this.stage, 'payload'));
    copyFileSync('/usr/bin/openssl', join(this.stage, 'payload', 'openssl'));
    writeFileSync(join(this.stage, 'records.jsonl'), '');
  }

  /**
   * Boots the instance (the first call is the first boot; later ones are reboots). `then` runs on the
   * booted instance as root (its status is `thenExit`).
   */
  async boot(fail?: string, then?: string): Promise<BootResult> {
    this.boots += 1;
    const boot = this.boots;
    if (then) writeFileSync(join(this.stage, `after-boot-${boot}.sh`), then);
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      KT_SIM_NODE: process.execPath,
      KT_SIM_STANDIN: STANDIN,
      KT_SIM_CHECKOUT: CHECKOUT,
      ...((fail ?? this.failure) ? { KT_SIM_FAIL: (fail ?? this.failure) as string } : {}),
      ...this.options.env,
    };
    const before = readFileSync(join(this.stage, 'records.jsonl'), 'utf8').length;
    const status = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        'unshare',
        ['-m', '--propagation', 'private', 'bash', join(HERE, 'boot.sh'), this.stage, String(boot)],
        {
          env,
          timeout: this.options.timeoutMs ?? 900_000,
          killSignal: 'SIGKILL',
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 124) : 0;
          resolve({ code, output: `${stdout}${stderr}` });
        },
      );
    });
    const read = (file: string) =>
      existsSync(join(this.stage, file)) ? readFileSync(join(this.stage, file), 'utf8') : '';
    const records = read('records.jsonl')
      .slice(before)
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record_);
    const userDataExit = boot === 1 && read('user-data.rc') ? Number(read('user-data.rc').trim()) : undefined;
    const unitsExit = read(`boot-${boot}.rc`) ? Number(read(`boot-${boot}.rc`).trim()) : status.code;
    const output = [
      status.output,
      boot === 1 ? read('user-data.out') : '',
      read(`boot-${boot}.out`),
      read(`after-boot-${boot}.out`),
    ].join('\n');
    const thenExit = read(`after-boot-${boot}.rc`) ? Number(read(`after-boot-${boot}.rc`).trim()) : undefined;
    if (status.code !== 0 && userDataExit === undefined && !read(`boot-${boot}.rc`)) {
      return { exitCode: status.code, unitsExit, output, records, thenExit };
    }
    const exitCode = userDataExit !== undefined && userDataExit !== 0 ? userDataExit : unitsExit;
    return { exitCode, userDataExit, unitsExit, output, records, thenExit };
  }

  /** Boots from now on without the injected failure. */
  clearFailure(): void {
    this.failure = undefined;
  }

  /** A file as the instance left it after its last boot. */
  file(path: string): string | undefined {
    const copy = join(this.stage, `after-${this.boots}`, path);
    return existsSync(copy) ? readFileSync(copy, 'utf8') : undefined;
  }

  exists(path: string): boolean {
    return existsSync(join(this.stage, `after-${this.boots}`, path));
  }

  dispose(): void {
    // KT_SIM_KEEP=1 keeps the instance's files for a look after a failure.
    if (process.env.KT_SIM_KEEP) return;
    rmSync(this.stage, { recursive: true, force: true });
  }
}

/** The image as the cloud ships it: its os-release, no Kubernetes, Flatcar's built-in containerd. */
function imageScript(os: OsDistribution, lacks: string[], realRoot: boolean): string {
  const image = OS_IMAGES[os];
  const lines = [
    'set -euo pipefail',
    'mkdir -p /var/lib/kt-sim',
    // Only inside the overlays (boot.sh checked them): these removals are whiteouts, the host keeps its files.
    'for dir in /etc /usr; do [ "$(findmnt -no FSTYPE "$dir")" = overlay ] || exit 92; done',
    // A real Debian root keeps its own os-release.
    ...(realRoot
      ? []
      : ['rm -f /etc/os-release /usr/lib/os-release', `cat >/etc/os-release <<'EOF'\n${image.osRelease}EOF`]),
    `printf '%s\\n' 'LABEL=cloudimg-rootfs / ext4 discard,errors=remount-ro 0 1' >/etc/fstab`,
    'rm -rf /etc/containerd /etc/kubernetes /etc/apt/sources.list.d/kubernetes.list /etc/apt/keyrings /etc/cni /opt/cni',
    'for tool in kubectl kubeadm kubelet containerd ctr runc crictl; do rm -f "/usr/bin/$tool" "/usr/sbin/$tool" "/usr/local/bin/$tool"; done',
  ];
  for (const pkg of lacks) lines.push(`rm -f /usr/bin/${pkg}`);
  if (image.family !== 'apt') {
    lines.push('rm -f /usr/bin/apt-get /usr/bin/apt-mark /usr/bin/apt /usr/bin/dpkg');
  }
  if (image.family === 'dnf') {
    // Recorded as installed without placing anything: the image's own programs are the host's.
    const preinstalled = ['curl-minimal', 'openssl'].filter((pkg) => !lacks.includes(pkg));
    lines.push(
      'mkdir -p /etc/yum.repos.d',
      `printf '%s\\n' ${preinstalled.join(' ')} >>/var/lib/kt-sim/packages`,
    );
  }
  if (image.family === 'flatcar') {
    lines.push(
      'mkdir -p /usr/share/flatcar /usr/share/containerd /usr/lib/systemd',
      'cp /media/kt/flatcar-containerd.toml /usr/share/containerd/config.toml',
      '"$KT_SIM_NODE" "$KT_SIM_STANDIN" preinstall containerd',
      `printf '#!/bin/sh\\nexec %s %s systemd-sysupdate "$@"\\n' "$KT_SIM_NODE" "$KT_SIM_STANDIN" >/usr/lib/systemd/systemd-sysupdate`,
      'chmod 0755 /usr/lib/systemd/systemd-sysupdate',
      `printf '[Unit]\\nDescription=Merge System Extension Images\\n\\n[Service]\\nType=oneshot\\nExecStart=/bin/true\\n' >/usr/lib/systemd/system/systemd-sysext.service`,
      'mkdir -p /var/lib/kt-sim/enabled && touch /var/lib/kt-sim/enabled/systemd-sysext.service /var/lib/kt-sim/enabled/containerd.service',
    );
  }
  return `${lines.join('\n')}\n`;
}

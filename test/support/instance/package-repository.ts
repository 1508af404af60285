// A local stand-in for pkgs.k8s.io on loopback, given to `up` as the package mirror: it serves each
// minor's repository signing key (a real armored OpenPGP key made here) and, for the real-apt tests,
// a signed apt repository of the recording kubeadm/kubelet/kubectl packages.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';

export interface PackageRepository {
  /** The mirror URL for `up` (`<url>/v1.36/deb/` is a minor's apt repository). */
  url: string;
  /** Where the served files live: `<root>/v1.36/deb/…`. */
  root: string;
  gnupgHome: string;
  close(): Promise<void>;
}

/** Makes a signing key once per directory and writes `Release.key` for every minor asked for. */
export function makeSigningKey(gnupgHome: string): string {
  mkdirSync(gnupgHome, { recursive: true, mode: 0o700 });
  const env = { ...process.env, GNUPGHOME: gnupgHome };
  const list = execFileSync('gpg', ['--batch', '--list-secret-keys'], { env, encoding: 'utf8' });
  if (!list.includes('kube-tui test repository')) {
    execFileSync(
      'gpg',
      [
        '--batch',
        '--passphrase',
        '',
        '--quick-gen-key',
        'kube-tui test repository',
        'ed25519',
        'sign',
        'never',
      ],
      { env, stdio: 'pipe' },
    );
  }
  return execFileSync('gpg', ['--batch', '--armor', '--export', 'kube-tui test repository'], {
    env,
    encoding: 'utf8',
  });
}

/** The recording stand-ins as Debian packages: each program runs standin.mjs (paths from the boot's environment). */
const DEBS = {
  kubelet: {
    depends: '',
    files: {
      'usr/bin/kubelet': 'kubelet',
      'lib/systemd/system/kubelet.service':
        '[Unit]\nDescription=kubelet.service\n\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n',
    },
  },
  kubectl: { depends: '', files: { 'usr/bin/kubectl': 'kubectl' } },
  kubeadm: { depends: 'kubelet, kubectl', files: { 'usr/bin/kubeadm': 'kubeadm' } },
} as const;

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * A flat apt repository (`deb [signed-by=…] <url>/v<minor>/deb/ /`, as pkgs.k8s.io's) holding the
 * stand-in kubelet, kubeadm and kubectl built with dpkg-deb, its Release signed (InRelease) with the key.
 */
function buildAptRepository(dir: string, minor: string, gnupgHome: string): void {
  const version = `${minor}.2-1.1`;
  const work = mkdtempSync(join(tmpdir(), 'kt-debs-'));
  const stanzas: string[] = [];
  for (const [name, deb] of Object.entries(DEBS)) {
    const root = join(work, name);
    mkdirSync(join(root, 'DEBIAN'), { recursive: true });
    for (const [path, content] of Object.entries(deb.files)) {
      const file = join(root, path);
      mkdirSync(join(file, '..'), { recursive: true });
      if (path.startsWith('usr/bin/')) {
        writeFileSync(file, `#!/bin/sh\nexec "$KT_SIM_NODE" "$KT_SIM_STANDIN" ${content} "$@"\n`);
        chmodSync(file, 0o755);
      } else writeFileSync(file, content);
    }
    const control = [
      `Package: ${name}`,
      `Version: ${version}`,
      'Architecture: amd64',
      'Maintainer: kube-tui tests <tests@kube-tui.invalid>',
      ...(deb.depends ? [`Depends: ${deb.depends}`] : []),
      `Description: recording stand-in for ${name}`,
    ];
    writeFileSync(join(root, 'DEBIAN', 'control'), `${control.join('\n')}\n`);
    const file = `${name}_${version}_amd64.deb`;
    execFileSync('dpkg-deb', ['--build', '--root-owner-group', root, join(dir, file)], { stdio: 'pipe' });
    const body = readFileSync(join(dir, file));
    stanzas.push(
      [...control, `Filename: ./${file}`, `Size: ${body.length}`, `SHA256: ${sha256(body)}`].join('\n'),
    );
  }
  const packages = `${stanzas.join('\n\n')}\n`;
  writeFileSync(join(dir, 'Packages'), packages);
  const release = [
    'Origin: kube-tui tests',
    `Label: Kubernetes ${minor} stand-ins`,
    `Date: ${new Date().toUTCString()}`,
    'SHA256:',
    ` ${sha256(packages)} ${Buffer.byteLength(packages)} Packages`,
  ].join('\n');
  writeFileSync(join(dir, 'Release'), `${release}\n`);
  const env = { ...process.env, GNUPGHOME: gnupgHome };
  execFileSync(
    'gpg',
    ['--batch', '--yes', '--clearsign', '-o', join(dir, 'InRelease'), join(dir, 'Release')],
    {
      env,
      stdio: 'pipe',
    },
  );
}

export async function startPackageRepository(minors: string[], root?: string): Promise<PackageRepository> {
  const base = root ?? mkdtempSync(join(tmpdir(), 'kt-pkgs-'));
  const gnupgHome = join(base, 'gnupg');
  const key = makeSigningKey(gnupgHome);
  for (const minor of minors) {
    for (const kind of ['deb', 'rpm']) {
      const dir = join(base, 'core:', 'stable:', `v${minor}`, kind);
      mkdirSync(dir, { recursive: true });
      execFileSync('bash', ['-c', 'cat >"$1"', 'write', join(dir, 'Release.key')], { input: key });
      if (kind === 'deb') buildAptRepository(dir, minor, gnupgHome);
    }
  }
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent((request.url ?? '/').split('?')[0]!));
    const file = join(base, path);
    if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/core:/stable:`,
    root: base,
    gnupgHome,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // gpg leaves an agent running for its home; stop it before removing the home it lives in.
      execFileSync('gpgconf', ['--homedir', gnupgHome, '--kill', 'gpg-agent'], {
        env: { ...process.env, GNUPGHOME: gnupgHome },
        stdio: 'ignore',
      });
      if (root === undefined) rmSync(base, { recursive: true, force: true });
    },
  };
}

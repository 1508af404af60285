// A local stand-in for pkgs.k8s.io on loopback, given to `up` as the package mirror: it serves each
// minor's repository signing key (a real armored OpenPGP key made here) and, for the real-apt tests,
// a signed apt repository of the recording kubeadm/kubelet/kubectl packages.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
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

export async function startPackageRepository(minors: string[], root?: string): Promise<PackageRepository> {
  const base = root ?? mkdtempSync(join(tmpdir(), 'kt-pkgs-'));
  const gnupgHome = join(base, 'gnupg');
  const key = makeSigningKey(gnupgHome);
  for (const minor of minors) {
    for (const kind of ['deb', 'rpm']) {
      const dir = join(base, 'core:', 'stable:', `v${minor}`, kind);
      mkdirSync(dir, { recursive: true });
      execFileSync('bash', ['-c', 'cat >"$1"', 'write', join(dir, 'Release.key')], { input: key });
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

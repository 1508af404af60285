// The Debian root filesystems the simulated debian-12 / debian-13 instances boot on, so that their
// package phase runs the real apt against Debian's archive. Built once by debootstrap
// (debian-rootfs.sh) and cached outside the clone in ~/.cache/kube-tui/rootfs-<suite>.
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OsDistribution } from '../../../src/model/config.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'debian-rootfs.sh');
export const DEBIAN_SUITES: Partial<Record<OsDistribution, string>> = {
  'debian-12': 'bookworm',
  'debian-13': 'trixie',
};
/** Debian's archive, or a mirror of it (KT_DEBIAN_MIRROR). */
const MIRROR = process.env.KT_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';

/** The root filesystem's path; builds it when missing (fails, naming debootstrap, when that is absent). */
export function debianRootfs(os: OsDistribution): Promise<string> {
  const suite = DEBIAN_SUITES[os];
  if (!suite) return Promise.reject(new Error(`${os} is not a Debian release`));
  // The user's own home: tests run with a temporary HOME, and the cache must outlive them.
  const cache = join(userInfo().homedir, '.cache', 'kube-tui');
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [SCRIPT, suite, MIRROR, cache],
      { timeout: 3_600_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(
              `could not make the Debian ${suite} root filesystem for the simulated instance: ${stderr.trim().split('\n').slice(-5).join('\n') || error.message}`,
            ),
          );
        else resolve(stdout.trim().split('\n').pop() ?? '');
      },
    );
  });
}

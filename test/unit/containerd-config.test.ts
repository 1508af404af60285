// containerd's configuration as the bootstrap writes it, from each OS's real default: the systemd
// cgroup driver on, and the CNI binary directory /opt/cni/bin, where flannel and kubernetes-cni put
// their plugins (Debian 13's containerd 1.7.24 defaults to /usr/lib/cni).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonFunctions } from '../../src/kubernetes/bootstrap/common.js';
import { FIXTURES } from '../support/instance/harness.js';

/** Runs configure_containerd with `containerd config default` printing DEFAULT, in a scratch directory. */
function configure(defaultConfig: string, flatcar = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'kt-containerd-'));
  writeFileSync(join(dir, 'default.toml'), defaultConfig);
  mkdirSync(join(dir, 'state', 'done'), { recursive: true });
  const functions = commonFunctions({ os: 'ubuntu-24.04', kubernetesVersion: '1.36', clusterLogging: false })
    .replaceAll('/etc/containerd', join(dir, 'etc'))
    .replaceAll('/opt/kube-tui', join(dir, 'state'))
    .replaceAll(
      '/usr/share/containerd/config.toml',
      flatcar ? join(dir, 'default.toml') : join(dir, 'absent'),
    );
  writeFileSync(join(dir, 'functions.sh'), functions);
  execFileSync(
    'bash',
    [
      '-c',
      `set -euo pipefail
log() { :; }
systemctl() { :; }
scratch=$1
containerd() { cat "$scratch/default.toml"; }
. "$scratch/functions.sh"
configure_containerd`,
      'configure',
      dir,
    ],
    { encoding: 'utf8' },
  );
  return readFileSync(join(dir, 'etc', 'config.toml'), 'utf8');
}

/** The value of KEY in the table [SECTION], and that the table appears once. */
function tableValue(config: string, section: string, key: string): string | undefined {
  const lines = config.split('\n');
  const headers = lines.filter((line) => line.trim() === `[${section}]`);
  expect(headers, `[${section}] appears once`).toHaveLength(1);
  let inside = false;
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) inside = trimmed === `[${section}]`;
    else if (inside) {
      const match = new RegExp(`^${key}\\s*=\\s*(.+)$`).exec(trimmed);
      if (match) return match[1];
    }
  }
  return undefined;
}

const V2 = 'plugins."io.containerd.grpc.v1.cri"';
const V3 = "plugins.'io.containerd.cri.v1.runtime'";

describe('the generated containerd configuration', () => {
  for (const fixture of [
    'containerd-1.6.20-debian12.toml',
    'containerd-1.7.24-debian13.toml',
    'containerd-1.7-upstream.toml',
  ]) {
    it(`from ${fixture}: systemd cgroups and CNI plugins in /opt/cni/bin`, () => {
      const config = configure(readFileSync(join(FIXTURES, fixture), 'utf8'));
      expect(tableValue(config, `${V2}.containerd.runtimes.runc.options`, 'SystemdCgroup')).toBe('true');
      expect(tableValue(config, `${V2}.cni`, 'bin_dir')).toBe('"/opt/cni/bin"');
      expect(config).not.toMatch(/bin_dir = "\/usr\/lib\/cni"/);
    });
  }

  it("from Flatcar's shipped file, which has no CNI table: the table is added once", () => {
    const config = configure(
      readFileSync(join(FIXTURES, 'flatcar-usr-share-containerd-config.toml'), 'utf8'),
      true,
    );
    expect(tableValue(config, `${V2}.containerd.runtimes.runc.options`, 'SystemdCgroup')).toBe('true');
    expect(tableValue(config, `${V2}.cni`, 'bin_dir')).toBe('"/opt/cni/bin"');
  });

  it('for containerd 2.x (config version 3, bin_dirs): the CRI runtime plugin is used', () => {
    const v3 = `version = 3

[plugins]
  [plugins.'io.containerd.cri.v1.runtime']
    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = ['/usr/lib/cni']
      conf_dir = '/etc/cni/net.d'
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
      SystemdCgroup = false
`;
    const config = configure(v3);
    expect(tableValue(config, `${V3}.containerd.runtimes.runc.options`, 'SystemdCgroup')).toBe('true');
    expect(tableValue(config, `${V3}.cni`, 'bin_dirs')).toBe('["/opt/cni/bin"]');
  });
});

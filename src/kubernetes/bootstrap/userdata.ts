// What an instance is launched with. It holds no secret (user data is readable through IMDS and
// DescribeInstanceAttribute): it only installs the S3 library and fetches its role's bootstrap
// script with the instance role. cloud-init runs a shell script; Flatcar gets an Ignition config.
import { kubernetesMinor } from '../versions.js';
import { MODULES_FILE, modulesLoadConf, SYSCTL_FILE, sysctlConf } from './common.js';
import { LIB_PATH, type LibInput, LOG_PATH, libScript } from './lib.js';
import { heredoc, sh, shellQuote } from './sh.js';

export interface StubInput extends LibInput {
  /** Full S3 key of the role's bootstrap script. */
  bootstrapKey: string;
}

const BOOTSTRAP_PATH = '/opt/kube-tui/bootstrap.sh';

/** Fetches and runs the role's bootstrap script (the library is already at LIB_PATH). */
function fetchAndRun(input: StubInput): string {
  return sh`# shellcheck source=/dev/null
. ${LIB_PATH}
log "fetching s3 object ${input.bootstrapKey}"
s3_get ${shellQuote(input.bootstrapKey)} ${BOOTSTRAP_PATH} 0700
exec ${BOOTSTRAP_PATH}
`;
}

const LOG_TO_FILE = sh`mkdir -p /opt/kube-tui
touch ${LOG_PATH}
chmod 0640 ${LOG_PATH}
exec > >(tee -a ${LOG_PATH}) 2>&1
`;

/** The cloud-init user data script (Ubuntu, Debian, Amazon Linux 2023). */
export function cloudInitUserData(input: StubInput): string {
  return sh`#!/bin/bash
# kube-tui ${input.role} user data for cluster ${input.cluster}: fetches the bootstrap script from
# the cluster's S3 bundle with the instance role and runs it. Holds no secret.
set -euo pipefail
${LOG_TO_FILE}
# curl and openssl sign the S3 requests; minimal images may lack them.
if ! command -v curl >/dev/null || ! command -v openssl >/dev/null; then
  if command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q curl openssl ca-certificates
  elif command -v dnf >/dev/null; then
    dnf install -y -q curl openssl ca-certificates
  fi
fi
${heredoc(LIB_PATH, libScript(input), '0644')}
${fetchAndRun(input)}`;
}

/** Flatcar's start script (run by kube-tui-bootstrap.service; Ignition has written the library). */
export function flatcarStartScript(input: StubInput): string {
  return sh`#!/bin/bash
# kube-tui ${input.role} start for cluster ${input.cluster} (Flatcar): fetches the bootstrap script
# from the cluster's S3 bundle with the instance role and runs it. Holds no secret.
set -euo pipefail
${LOG_TO_FILE}${fetchAndRun(input)}`;
}

/** systemd-sysupdate transfer for the newest patch of one Kubernetes minor from Flatcar's sysext bakery. */
export function kubernetesSysupdateConf(kubernetesVersion: string): string {
  const pattern = `kubernetes-v${kubernetesMinor(kubernetesVersion)}.@v-%a.raw`;
  return `[Transfer]
Verify=false

[Source]
Type=url-file
Path=https://extensions.flatcar.org/extensions/kubernetes/
MatchPattern=${pattern}

[Target]
InstancesMax=3
Type=regular-file
Path=/opt/extensions/kubernetes
MatchPattern=${pattern}
CurrentSymlink=/etc/extensions/kubernetes.raw
`;
}

export const IGNITION_VERSION = '3.3.0';
export const BOOTSTRAP_UNIT = 'kube-tui-bootstrap.service';

export interface IgnitionInput extends StubInput {
  kubernetesVersion: string;
  clusterLogging: boolean;
}

function dataUrl(content: string): { source: string } {
  return { source: `data:;base64,${Buffer.from(content, 'utf8').toString('base64')}` };
}

/** The Flatcar Ignition config (spec 3.3.0) as a JSON string. */
export function flatcarIgnition(input: IgnitionInput): string {
  const minor = kubernetesMinor(input.kubernetesVersion);
  const file = (path: string, content: string, mode: number) => ({
    path,
    mode,
    overwrite: true,
    contents: dataUrl(content),
  });
  const config = {
    ignition: { version: IGNITION_VERSION },
    storage: {
      directories: [{ path: '/opt/extensions/kubernetes', mode: 0o755 }],
      files: [
        file(LIB_PATH, libScript(input), 0o644),
        file('/opt/kube-tui/start.sh', flatcarStartScript(input), 0o755),
        file(`/etc/sysupdate.kubernetes.d/kubernetes-v${minor}.conf`, kubernetesSysupdateConf(minor), 0o644),
        file(MODULES_FILE, modulesLoadConf(), 0o644),
        file(SYSCTL_FILE, sysctlConf(input.clusterLogging), 0o644),
      ],
    },
    systemd: {
      units: [
        {
          name: BOOTSTRAP_UNIT,
          enabled: true,
          contents: `[Unit]
Description=kube-tui: bootstrap this ${input.role} of cluster ${input.cluster}
Wants=network-online.target
After=network-online.target
ConditionPathExists=!/opt/kube-tui/done/bootstrap

[Service]
Type=oneshot
RemainAfterExit=yes
TimeoutStartSec=infinity
ExecStart=/opt/kube-tui/start.sh

[Install]
WantedBy=multi-user.target
`,
        },
      ],
    },
  };
  return JSON.stringify(config);
}

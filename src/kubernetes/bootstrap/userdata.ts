// What an instance is launched with. It holds no secret (user data is readable through IMDS and
// DescribeInstanceAttribute): it installs the S3 library and the bootstrap unit, which fetches its
// role's bootstrap script with the instance role. cloud-init runs a shell script; Flatcar gets Ignition.
import { kubernetesMinor } from '../versions.js';
import { APT_GET, MODULES_FILE, modulesLoadConf, SYSCTL_FILE, sysctlConf } from './common.js';
import { LIB_PATH, type LibInput, LOG_PATH, libScript } from './lib.js';
import { heredoc, scriptWord, sh } from './sh.js';

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
s3_get ${scriptWord(input.bootstrapKey)} ${BOOTSTRAP_PATH} 0700
exec ${BOOTSTRAP_PATH}
`;
}

const LOG_TO_FILE = sh`mkdir -p /opt/kube-tui
touch ${LOG_PATH}
chmod 0640 ${LOG_PATH}
exec > >(tee -a ${LOG_PATH}) 2>&1
`;

const START_PATH = '/opt/kube-tui/start.sh';
export const BOOTSTRAP_UNIT = 'kube-tui-bootstrap.service';

/** The bootstrap unit's start script: fetches the role's bootstrap script and runs it. Holds no secret. */
export function startScript(input: StubInput): string {
  return sh`#!/bin/bash
# kube-tui ${input.role} start for cluster ${input.cluster}: fetches the bootstrap script from the
# cluster's S3 bundle with the instance role and runs it (finished phases are skipped). Holds no secret.
set -euo pipefail
${LOG_TO_FILE}${fetchAndRun(input)}`;
}

/**
 * The bootstrap as a systemd unit on every OS: cloud-init runs user data once, but the unit runs at
 * every boot, so a bootstrap that failed or was cut short resumes at its first unfinished phase.
 */
export function bootstrapUnit(input: StubInput): string {
  return `[Unit]
Description=kube-tui: bootstrap this ${input.role} of cluster ${input.cluster}
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
TimeoutStartSec=infinity
ExecStart=${START_PATH}

[Install]
WantedBy=multi-user.target
`;
}

/** The cloud-init user data script (Ubuntu, Debian, Amazon Linux 2023): installs and starts the unit. */
export function cloudInitUserData(input: StubInput): string {
  return sh`#!/bin/bash
# kube-tui ${input.role} user data for cluster ${input.cluster}: installs the bootstrap unit, which
# fetches the bootstrap script from the cluster's S3 bundle with the instance role. Holds no secret.
set -euo pipefail
${LOG_TO_FILE}
# curl and openssl sign the S3 requests; minimal images may lack them. AL2023 ships curl-minimal, which
# provides curl and conflicts with the curl package: install only what is missing, by its own name.
missing=()
command -v openssl >/dev/null || missing+=(openssl)
if command -v apt-get >/dev/null; then
  command -v curl >/dev/null || missing+=(curl)
  if [ \${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    ${APT_GET} update -q
    ${APT_GET} install -y -q ca-certificates "\${missing[@]}"
  fi
elif command -v dnf >/dev/null; then
  command -v curl >/dev/null || missing+=(curl-minimal)
  if [ \${#missing[@]} -gt 0 ]; then
    dnf install -y -q ca-certificates "\${missing[@]}"
  fi
fi
${heredoc(LIB_PATH, libScript(input), '0644')}
${heredoc(START_PATH, startScript(input), '0755')}
${heredoc(`/etc/systemd/system/${BOOTSTRAP_UNIT}`, bootstrapUnit(input))}
systemctl daemon-reload
systemctl enable ${BOOTSTRAP_UNIT}
# Not waited for here: cloud-init goes on while the unit runs (and runs again at every boot).
systemctl start --no-block ${BOOTSTRAP_UNIT}
`;
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
        file(START_PATH, startScript(input), 0o755),
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
          contents: bootstrapUnit(input),
        },
      ],
    },
  };
  return JSON.stringify(config);
}

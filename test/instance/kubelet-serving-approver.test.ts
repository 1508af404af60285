// The master's approver of kubelet serving certificates (serverTLSBootstrap), executed on a simulated
// master: it asks EC2 (moto) which instances carry this cluster's tag and approves a
// kubernetes.io/kubelet-serving CSR only when its requester is one of them and every name in it is
// that instance's; everything else is denied, and other signers' CSRs are left alone.
import { execFileSync } from 'node:child_process';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import {
  KUBELET_SERVING_APPROVER_SCRIPT,
  KUBELET_SERVING_APPROVER_UNIT,
} from '../../src/kubernetes/bootstrap/kubelet-serving.js';
import { heredoc } from '../../src/kubernetes/bootstrap/sh.js';
import { useMoto } from '../support/aws.js';
import {
  calls,
  explain,
  instanceFor,
  mirror,
  simulatedInstancesHooks,
} from '../support/instance/boot-matrix.js';
import { upCluster } from '../support/instance/cluster.js';
import { KUBE_UP_IMAGE } from '../support/kube-up.js';

const OS = 'debian-12';
const SERVING = 'kubernetes.io/kubelet-serving';

interface CsrInput {
  name: string;
  username: string;
  commonName?: string;
  dns?: string[];
  ips?: string[];
  signerName?: string;
  usages?: string[];
  approved?: boolean;
}

/** A CSR as the API server stores it: the kubelet's request (a real PKCS#10 from openssl), its requester. */
function csrObject(input: CsrInput): object {
  const commonName = input.commonName ?? input.username;
  const sans = [
    ...(input.dns ?? []).map((name) => `DNS:${name}`),
    ...(input.ips ?? []).map((ip) => `IP:${ip}`),
  ];
  const pem = execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      '/dev/null',
      '-subj',
      `/O=system:nodes/CN=${commonName}`,
      ...(sans.length ? ['-addext', `subjectAltName=${sans.join(',')}`] : []),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: input.name },
    spec: {
      request: Buffer.from(pem).toString('base64'),
      signerName: input.signerName ?? SERVING,
      usages: input.usages ?? ['digital signature', 'server auth'],
      username: input.username,
      groups: input.username.startsWith('system:node:')
        ? ['system:nodes', 'system:authenticated']
        : ['system:authenticated'],
    },
    status: input.approved
      ? { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved' }] }
      : {},
  };
}

/** Shell lines that put CSRs into the simulated API server, as kubelets would have created them. */
function seed(csrs: CsrInput[]): string {
  return [
    'mkdir -p /var/lib/kt-sim/cluster/csrs',
    ...csrs.map((csr) =>
      heredoc(`/var/lib/kt-sim/cluster/csrs/${csr.name}.json`, JSON.stringify(csrObject(csr))),
    ),
  ].join('\n');
}

describe('the kubelet serving certificate approver on the master', () => {
  const moto = useMoto();
  simulatedInstancesHooks();

  it("approves serving CSRs of this cluster's instances only, with both request signers", async () => {
    const up = await upCluster(moto, {
      os: OS,
      clusterLogging: false,
      nodeLogging: false,
      packageMirror: mirror(),
    });
    // A real instance in the same account and region that belongs to another cluster.
    const launched = await moto
      .clients(up.config.region)
      .ec2()
      .send(
        new RunInstancesCommand({
          ImageId: KUBE_UP_IMAGE,
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: [
            { ResourceType: 'instance', Tags: [{ Key: 'KubernetesCluster', Value: 'someone-else' }] },
          ],
        }),
      );
    const foreign = launched.Instances![0]!;
    const node = up.node;
    const master = up.master;
    const nodeName = `system:node:${node.privateDnsName}`;
    const first: CsrInput[] = [
      { name: 'node-serving', username: nodeName, dns: [node.privateDnsName], ips: [node.privateIp] },
      {
        name: 'master-serving',
        username: `system:node:${master.privateDnsName}`,
        dns: [master.privateDnsName],
        ips: [master.privateIp],
        usages: ['digital signature', 'key encipherment', 'server auth'],
      },
      {
        name: 'other-cluster-node',
        username: `system:node:${foreign.PrivateDnsName}`,
        dns: [foreign.PrivateDnsName!],
        ips: [foreign.PrivateIpAddress!],
      },
      {
        name: 'unknown-node',
        username: 'system:node:ip-10-66-6-6.ec2.internal',
        dns: ['ip-10-66-6-6.ec2.internal'],
        ips: ['10.66.6.6'],
      },
      {
        name: 'node-naming-the-api-server',
        username: nodeName,
        dns: [node.privateDnsName, 'kubernetes.default.svc'],
        ips: [node.privateIp],
      },
      {
        name: 'node-claiming-the-master-address',
        username: nodeName,
        dns: [node.privateDnsName],
        ips: [master.privateIp],
      },
      {
        name: 'node-asking-in-the-master-name',
        username: nodeName,
        commonName: `system:node:${master.privateDnsName}`,
        dns: [node.privateDnsName],
      },
      { name: 'node-without-names', username: nodeName },
      {
        name: 'node-asking-for-client-auth',
        username: nodeName,
        dns: [node.privateDnsName],
        usages: ['digital signature', 'server auth', 'client auth'],
      },
      {
        name: 'pod-asking-as-a-node',
        username: 'system:serviceaccount:default:builder',
        commonName: nodeName,
        dns: [node.privateDnsName],
      },
      {
        name: 'node-client-certificate',
        username: 'system:bootstrap:abcdef',
        commonName: nodeName,
        signerName: 'kubernetes.io/kube-apiserver-client-kubelet',
        usages: ['digital signature', 'client auth'],
      },
      {
        name: 'approved-before',
        username: nodeName,
        dns: [node.privateDnsName],
        ips: [node.privateIp],
        approved: true,
      },
    ];
    // The same decisions with the openssl signer (curl older than 7.82, as on Ubuntu 22.04).
    const second: CsrInput[] = [
      { name: 'node-serving-again', username: nodeName, dns: [node.privateDnsName], ips: [node.privateIp] },
      {
        name: 'other-cluster-node-again',
        username: `system:node:${foreign.PrivateDnsName}`,
        dns: [foreign.PrivateDnsName!],
      },
    ];
    const instance = await instanceFor(up, 'master', OS);
    const booted = await instance.boot(
      undefined,
      [
        'set -euo pipefail',
        seed(first),
        `systemctl start ${KUBELET_SERVING_APPROVER_UNIT}.service`,
        seed(second),
        `KT_SIGV4=openssl ${KUBELET_SERVING_APPROVER_SCRIPT}`,
      ].join('\n'),
    );
    expect(booted.exitCode, explain(booted)).toBe(0);
    expect(booted.thenExit, explain(booted)).toBe(0);
    expect(instance.file(`/etc/systemd/system/${KUBELET_SERVING_APPROVER_UNIT}.timer`)).toMatch(
      /OnUnitActiveSec=/,
    );
    expect(instance.exists(`/var/lib/kt-sim/enabled/${KUBELET_SERVING_APPROVER_UNIT}.timer`)).toBe(true);

    const decided = (verb: string) =>
      calls(booted.records, 'kubectl', 'certificate')
        .filter((call) => call.args[1] === verb && !call.failed)
        .map((call) => call.args[2])
        .sort();
    expect(decided('approve')).toEqual(['master-serving', 'node-serving', 'node-serving-again']);
    expect(decided('deny')).toEqual(
      [
        'node-asking-for-client-auth',
        'node-asking-in-the-master-name',
        'node-claiming-the-master-address',
        'node-naming-the-api-server',
        'node-without-names',
        'other-cluster-node',
        'other-cluster-node-again',
        'pod-asking-as-a-node',
        'unknown-node',
      ].sort(),
    );
    const state = (name: string) =>
      JSON.parse(instance.file(`/var/lib/kt-sim/cluster/csrs/${name}.json`) ?? '{}').status?.conditions?.map(
        (condition: { type: string }) => condition.type,
      );
    expect(state('node-serving')).toEqual(['Approved']);
    expect(state('other-cluster-node')).toEqual(['Denied']);
    expect(state('node-client-certificate')).toBeUndefined();
    expect(state('approved-before')).toEqual(['Approved']);
  }, 3_600_000);
});

// A local HTTPS stand-in of the Kubernetes API server for the validation tests: its serving
// certificate is signed by the cluster's CA (made with openssl), /readyz is open as on a real API
// server, and everything under /api and /apis needs a client certificate the cluster CA signed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

export interface KubeNodeFixture {
  name: string;
  instanceId: string;
  internalIp: string;
  ready: boolean;
}

export interface KubeApiState {
  ready: boolean;
  nodes: KubeNodeFixture[];
  corednsAvailable: number;
  /** Paths asked for, with whether a verified client certificate came along. */
  requests: { path: string; clientCertificate: boolean }[];
}

/** A serving certificate for 127.0.0.1 signed by the given CA. */
export function servingCertificate(ca: { certPem: string; keyPem: string }): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-tui-apiserver-'));
  try {
    writeFileSync(join(dir, 'ca.crt'), ca.certPem);
    writeFileSync(join(dir, 'ca.key'), ca.keyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    run(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=kube-apiserver',
    );
    run(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '1',
      '-extfile',
      'san.ext',
    );
    return {
      cert: readFileSync(join(dir, 'server.crt'), 'utf8'),
      key: readFileSync(join(dir, 'server.key'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startKubeApiStandIn(
  ca: { certPem: string; keyPem: string },
  state: Omit<KubeApiState, 'requests'>,
): Promise<{ port: number; state: KubeApiState; close: () => Promise<void> }> {
  const full: KubeApiState = { ...state, requests: [] };
  const server = createServer(
    { ...servingCertificate(ca), ca: ca.certPem, requestCert: true, rejectUnauthorized: false },
    (request, response) => {
      const path = request.url ?? '/';
      const authorized = (request.socket as TLSSocket).authorized;
      full.requests.push({ path, clientCertificate: authorized });
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (path === '/readyz') {
        response.statusCode = full.ready ? 200 : 500;
        response.end(full.ready ? 'ok' : '[-]etcd failed');
        return;
      }
      if (!authorized) return json(401, { kind: 'Status', reason: 'Unauthorized' });
      if (path === '/api/v1/nodes')
        return json(200, {
          kind: 'NodeList',
          items: full.nodes.map((node) => ({
            metadata: { name: node.name },
            spec: { providerID: `aws:///us-west-2a/${node.instanceId}` },
            status: {
              addresses: [{ type: 'InternalIP', address: node.internalIp }],
              conditions: [{ type: 'Ready', status: node.ready ? 'True' : 'False' }],
            },
          })),
        });
      if (path === '/apis/apps/v1/namespaces/kube-system/deployments/coredns')
        return json(200, { kind: 'Deployment', status: { availableReplicas: full.corednsAvailable } });
      json(404, { kind: 'Status', reason: 'NotFound' });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    state: full,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

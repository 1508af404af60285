import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiServerReady } from '../../src/aws/reachability.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

function listen(server: {
  listen(port: number, host: string, done: () => void): unknown;
  address(): unknown;
  close(): unknown;
}) {
  return new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    closers.push(() => server.close());
  });
}

/** A CA and a server certificate for 127.0.0.1, made with openssl. */
function certificates() {
  const dir = mkdtempSync(join(tmpdir(), 'kube-tui-ca-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
  );
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
    '/CN=127.0.0.1',
  );
  execFileSync('sh', ['-c', 'printf "subjectAltName=IP:127.0.0.1" > san.ext'], { cwd: dir });
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
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return { ca: read('ca.crt'), cert: read('server.crt'), key: read('server.key') };
}

describe('the API server check of the Validate step', () => {
  it('accepts /readyz only from a server whose certificate the cluster CA signed', async () => {
    const trusted = certificates();
    const port = await listen(
      createHttpsServer({ cert: trusted.cert, key: trusted.key }, (request, response) => {
        response.statusCode = request.url === '/readyz' ? 200 : 404;
        response.end('ok');
      }),
    );
    await expect(apiServerReady('127.0.0.1', port, trusted.ca)).resolves.toBeUndefined();
    const other = certificates();
    await expect(apiServerReady('127.0.0.1', port, other.ca)).rejects.toThrow();
  });
});

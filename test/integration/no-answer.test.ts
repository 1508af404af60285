// An endpoint that accepts the connection and never answers: every call has a deadline, retries of a
// silent endpoint are bounded, and the command says which endpoint gave no answer for how long.
import { createServer, type Server, type Socket } from 'node:net';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { classifyError } from '../../src/aws/errors.js';
import { runCli } from '../support/cli.js';

/** Accepts every connection, reads what it is sent, and never writes a byte. */
function startSilentServer(): Promise<{ url: string; server: Server; accepted: () => number }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}`, server, accepted: () => accepted });
    });
  });
}

// Short bounds so the test is quick; the defaults are documented in DESIGN.md section 10.
const BOUNDS = { KUBE_TUI_CONNECT_TIMEOUT_MS: '1000', KUBE_TUI_REQUEST_TIMEOUT_MS: '1500' };

describe('an endpoint that never answers', () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(async () => {
    silent.server.close();
  });

  it('a call gives up after a bounded number of timed-out attempts, naming the endpoint', async () => {
    const clients = new AwsClients({
      region: 'us-west-2',
      endpoint: silent.url,
      timeouts: { connectMs: 1000, requestMs: 1500 },
    });
    const before = silent.accepted();
    const error = await clients
      .ec2()
      .send(new DescribeVpcsCommand({}))
      .catch((e: unknown) => e);
    clients.destroy();
    const classified = classifyError(error);
    expect(classified.message).toMatch(/^no answer from http:\/\/127\.0\.0\.1:\d+ after \d+ s/);
    expect(classified.retryable).toBe(false);
    // Bounded: at most the documented attempts for a silent endpoint, not the 8 of other errors.
    expect(silent.accepted() - before).toBeLessThanOrEqual(2);
  }, 60_000);

  it('inventory exits 1 with "no answer from <endpoint> after N s" instead of hanging', async () => {
    const result = await runCli(['inventory', '--endpoint', silent.url, '--region', 'us-west-2'], {
      env: BOUNDS,
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/no answer from http:\/\/127\.0\.0\.1:\d+ after \d+ s/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  }, 90_000);
});

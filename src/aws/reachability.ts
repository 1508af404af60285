// The end of kube-up: every instance answers SSH, and the API server answers /readyz over HTTPS
// with the cluster's CA. Only on real AWS; every wait is bounded and abortable.
import { request } from 'node:https';
import { connect } from 'node:net';
import { sleep } from './retry.js';

export interface ReachabilityOptions {
  signal?: AbortSignal;
  /** Give up after this long. */
  timeoutMs: number;
  /** First pause between attempts; doubles up to 15 s. */
  initialDelayMs?: number;
}

/** Resolves with the server's SSH banner ("SSH-2.0-OpenSSH_9.6…") once port 22 answers. */
export function sshBanner(host: string, port = 22, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    let received = '';
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(received.split('\r\n')[0] ?? received);
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\n'))
        done(
          received.startsWith('SSH-') ? undefined : new Error(`not an SSH server: ${received.slice(0, 40)}`),
        );
    });
    socket.on('timeout', () => done(new Error(`no SSH banner from ${host}:${port} within ${timeoutMs} ms`)));
    socket.on('error', (error) => done(error));
  });
}

/** GET https://<host>:<port>/readyz trusting only the cluster CA; resolves when it answers 200. */
export function apiServerReady(host: string, port: number, caPem: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, path: '/readyz', method: 'GET', ca: caPem, timeout: timeoutMs },
      (response) => {
        response.resume();
        if (response.statusCode === 200) resolve();
        else reject(new Error(`/readyz answered HTTP ${response.statusCode}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`/readyz did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Retries `probe` with growing pauses until it resolves or the time is up (then throws its last error). */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  options: ReachabilityOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = options.initialDelayMs ?? 2_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), options.signal);
    delay = Math.min(delay * 2, 15_000);
  }
  throw new Error(
    `${what} not reachable after ${Math.round(options.timeoutMs / 1000)} s: ${(lastError as Error)?.message ?? 'no answer'}`,
  );
}

// Test access to the worker's moto server through the real SDK clients.
import { afterAll, beforeEach, inject } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';

export interface MotoHandle {
  /** The worker's moto endpoint, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  /** Clients for a region (cached per region), pointed at moto. */
  clients(region?: string): AwsClients;
  reset(): Promise<void>;
  /** Resolves once moto has done every request it got, e.g. those of a process killed mid-call. */
  settled(): Promise<void>;
}

export function motoUrl(): string {
  const urls = inject('motoUrls');
  const index = Number(process.env.VITEST_POOL_ID ?? '1') - 1;
  const url = urls[index % urls.length];
  if (!url) throw new Error('no moto server: is test/support/global-setup.ts configured?');
  return url;
}

export async function resetMoto(url: string): Promise<void> {
  const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
  await response.arrayBuffer();
}

/**
 * Waits until moto has been working on nothing for a few polls in a row: a request still in the
 * socket when the poll comes is not counted yet, so one idle answer is not enough.
 */
export async function settledMoto(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let idlePolls = 0;
  while (idlePolls < 3) {
    const response = await fetch(`${url}/moto-api/kube-tui/in-flight`);
    if (!response.ok) throw new Error(`moto in-flight count failed: HTTP ${response.status}`);
    idlePolls = Number(await response.text()) === 0 ? idlePolls + 1 : 0;
    if (Date.now() > deadline) throw new Error(`moto still busy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Use in a describe block or file: resets moto before each test and closes clients at the end. */
export function useMoto(): MotoHandle {
  const url = motoUrl();
  const cache = new Map<string, AwsClients>();
  const handle: MotoHandle = {
    url,
    clients(region = 'us-west-2') {
      let clients = cache.get(region);
      if (!clients) {
        clients = new AwsClients({ region, endpoint: url, maxAttempts: 2 });
        cache.set(region, clients);
      }
      return clients;
    },
    reset: () => resetMoto(url),
    settled: () => settledMoto(url),
  };
  beforeEach(() => handle.reset());
  afterAll(() => {
    for (const clients of cache.values()) clients.destroy();
  });
  return handle;
}

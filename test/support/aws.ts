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

/**
 * Wipes moto for the next test. A call the last test's process gave up on may still be running
 * there (moto finishes it), and a reset beside it can fail with a 500 as moto's dictionaries change
 * under it: the reset waits for moto to be idle, and is tried again (it is idempotent).
 */
export async function resetMoto(url: string): Promise<void> {
  let failure = '';
  for (let attempt = 1; attempt <= 5; attempt++) {
    await settledMoto(url, 1);
    try {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await response.arrayBuffer();
      if (response.ok) return;
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = (error as Error).message;
    }
  }
  throw new Error(`moto reset failed 5 times, last: ${failure}`);
}

/** One of the reports moto_server.py adds to moto's API, as text. */
async function harnessReport(url: string, name: 'in-flight' | 'peak' | 'errors'): Promise<string> {
  const response = await fetch(`${url}/moto-api/kube-tui/${name}`);
  if (!response.ok) throw new Error(`moto ${name} failed: HTTP ${response.status}`);
  return response.text();
}

/** The requests moto is still working on. */
async function inFlight(url: string): Promise<number> {
  return Number(await harnessReport(url, 'in-flight'));
}

/** The tracebacks of moto's 500s since its last reset. */
export function motoErrors(url: string): Promise<string> {
  return harnessReport(url, 'errors');
}

/** The most requests moto ever worked on at once under one of its locks. */
export async function motoPeakConcurrency(url: string): Promise<number> {
  return Number(await harnessReport(url, 'peak'));
}

/**
 * Waits until moto has been working on nothing for `idlePolls` polls in a row, 100 ms apart: a
 * request still in the socket when the poll comes is not counted yet, so after a killed process
 * one idle answer is not enough.
 */
export async function settledMoto(url: string, idlePolls = 3, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let idle = 0; ; ) {
    idle = (await inFlight(url)) === 0 ? idle + 1 : 0;
    if (idle >= idlePolls) return;
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
  beforeEach((context) => {
    // moto answers a call it fails on with HTML, which the SDK reports only as a parse error.
    context.onTestFailed(async () => {
      const tracebacks = await motoErrors(url).catch((error: Error) => `(unreadable: ${error.message})`);
      if (tracebacks) console.error(`moto's 500s in this test, newest last:\n${tracebacks}`);
    });
    return handle.reset();
  });
  afterAll(() => {
    for (const clients of cache.values()) clients.destroy();
  });
  return handle;
}

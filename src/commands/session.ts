// What every plain command that talks to AWS shares: the engine for the global flags, and Ctrl+C /
// SIGTERM turned into an abort of the calls in flight (a second press quits at once).
import { setMaxListeners } from 'node:events';
import type { AwsEngine } from '../aws/engine.js';
import { checkedEndpoint } from '../model/endpoint-check.js';
import { EXIT } from '../model/exit.js';
import type { GlobalOptions } from './global-options.js';

/**
 * The engine for one region with the user's --profile and --endpoint (loads the AWS SDK). With
 * `askCaller`, who the caller is goes out to STS first, from STS's small client, and is on the
 * wire while the rest of the SDK loads; the engine's first plan takes the answer.
 */
export async function openEngine(
  globals: GlobalOptions,
  region: string,
  options: { askCaller?: AbortSignal } = {},
): Promise<AwsEngine> {
  const endpoint = checkedEndpoint(globals.endpoint);
  const clientOptions = {
    region,
    ...(globals.profile ? { profile: globals.profile } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
  const callerAskedFirst = options.askCaller
    ? (await import('../aws/caller.js')).askCallerFirst(clientOptions, options.askCaller)
    : undefined;
  const { createEngine } = await import('../aws/engine.js');
  return createEngine({ ...clientOptions, ...(callerAskedFirst ? { callerAskedFirst } : {}) });
}

export interface Interruptible {
  signal: AbortSignal;
  /** Stops listening for the signals. */
  dispose(): void;
}

/** The first Ctrl+C (or SIGTERM) aborts the calls in flight; the second exits at once. */
export function interruptible(say: (line: string) => void): Interruptible {
  const controller = new AbortController();
  // Every concurrent SDK call listens on this one signal.
  setMaxListeners(0, controller.signal);
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT.failed);
    say('Stopping: cancelling the calls in flight (press Ctrl+C again to quit at once)…');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

// What the flows share about calling the engine: one abort controller per run of calls, and the
// classification of a failed call, loaded with the engine rather than in the first frame.
import { setMaxListeners } from 'node:events';
import type { ClassifiedError } from '../model/errors.js';
import { EXIT } from '../model/exit.js';

/**
 * A controller for a run of engine calls. The SDK adds an abort listener per call in flight, and a
 * run has dozens at once: that is normal here, not a leak, so Node's warning is turned off.
 */
export function callsController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/**
 * A failed call as the engine classifies it (AWS error codes, credentials, aborts). Should the
 * classifier itself not load (a broken install), the failure is still shown, by its own message.
 */
export async function classified(error: unknown): Promise<ClassifiedError> {
  try {
    const { classifyError } = await import('../aws/errors.js');
    return classifyError(error);
  } catch {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'other', code: 'Error', message, retryable: false, exitCode: EXIT.failed };
  }
}

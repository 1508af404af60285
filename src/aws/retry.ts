// Engine-level retries for what the SDK's own retries do not cover: AWS's eventual consistency
// (a new instance profile or group not yet visible) and dependencies that clear over time.
// Always bounded in time, always abortable.
import { engineRetryReporter } from './call-scope.js';
import { classifyError } from './errors.js';

export interface RetryOptions {
  /** Retry only errors this returns true for. */
  retryIf: (error: unknown) => boolean;
  signal?: AbortSignal;
  /** Give up (rethrow the last error) after this long. */
  maxMs: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Test hook: KUBE_TUI_RETRY_SCALE=0.01 makes every backoff delay 100 times shorter. */
export function retryScale(): number {
  const value = Number(process.env.KUBE_TUI_RETRY_SCALE);
  return Number.isFinite(value) && value > 0 ? value : 1;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  return Object.assign(new Error('cancelled'), { name: 'AbortError' });
}

export async function retry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now();
  const factor = retryScale();
  let delay = (options.initialDelayMs ?? 1_000) * factor;
  const maxDelay = (options.maxDelayMs ?? 15_000) * factor;
  // The step this runs for shows each retry as it happens.
  const reporter = engineRetryReporter();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (options.signal?.aborted || !options.retryIf(error)) throw error;
        if (Date.now() - started + delay > options.maxMs * factor) throw error;
        // Full jitter keeps concurrent retries from moving in lockstep.
        const wait = Math.round(delay / 2 + (Math.random() * delay) / 2);
        options.onRetry?.(error, attempt, wait);
        reporter.retry(attempt + 1, error);
        await sleep(wait, options.signal);
        delay = Math.min(delay * 2, maxDelay);
      }
    }
  } finally {
    reporter.settle();
  }
}

/** Errors AWS returns for a resource created moments ago that another endpoint has not seen yet. */
export function isEventuallyConsistent(error: unknown): boolean {
  const { code, kind } = classifyError(error);
  const message = error instanceof Error ? error.message : '';
  if (code === 'InvalidParameterValue' && /iam instance profile|instance profile/i.test(message)) return true;
  if (code === 'InvalidParameterValue' && /role/i.test(message) && /assume|cannot be assumed/i.test(message))
    return true;
  if (
    kind === 'not-found' &&
    /^Invalid(Group|Subnet|Vpc|InternetGateway|RouteTable|Instance|AllocationID|Volume|LaunchTemplate)/.test(
      code,
    )
  ) {
    return true;
  }
  return false;
}

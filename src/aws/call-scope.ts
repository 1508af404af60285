// Which step an AWS call belongs to, without threading a callback through every resource module:
// the graph runner gives each task its own scope (AsyncLocalStorage), whoever owns the task binds
// a reporter to it (the provisioning step tracker, the teardown run), and the retry layers (the
// clients' middleware, `retry`) report each retry and each silent wait of a call to the scope they
// run in. A call outside any task (the plan, discovery) reports nowhere.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallSignal } from '../model/events.js';

export type CallReporter = (signal: CallSignal) => void;

interface TaskScope {
  report?: CallReporter;
}

const scopes = new AsyncLocalStorage<TaskScope>();

/** Runs one task of a graph in a scope of its own. */
export function runInTaskScope<T>(run: () => Promise<T>): Promise<T> {
  return scopes.run({}, run);
}

/** Routes the call signals of the task this runs in to `report`; outside a task, does nothing. */
export function reportCallsTo(report: CallReporter): void {
  const scope = scopes.getStore();
  if (scope) scope.report = report;
}

/**
 * The reporter of the task the caller runs in, read when it is called (a task binds its reporter
 * as it starts, after the scope was made). Calls outside a task get one that does nothing.
 */
export function currentCallReporter(): CallReporter {
  const scope = scopes.getStore();
  return (signal) => scope?.report?.(signal);
}

let lastCallId = 0;
/** Numbers calls so that a screen can tell which of a step's calls a signal is about. */
export const nextCallId = (): number => ++lastCallId;

/** After this long without an answer a call reports that it is waiting, then again each time as long. */
export const DEFAULT_NO_ANSWER_NOTICE_MS = 30_000;

/** KUBE_TUI_NO_ANSWER_NOTICE_MS shortens it in tests. */
export function noAnswerNoticeMs(): number {
  const value = Number(process.env.KUBE_TUI_NO_ANSWER_NOTICE_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_NO_ANSWER_NOTICE_MS;
}

/** What a failed attempt is called in "retrying 3/8: ECONNREFUSED": the socket's code, else AWS's. */
export function retryReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  if (error.name === 'TimeoutError') return 'no answer in time';
  const awsCode = (error as { Code?: unknown }).Code;
  if (typeof awsCode === 'string' && awsCode) return awsCode;
  if (error.name && error.name !== 'Error') return error.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status ? `HTTP ${status}` : error.message.slice(0, 60);
}

/** An engine-level retry loop (eventual consistency, a create retried after a look-up) as one call. */
export function engineRetryReporter(maxAttempts?: number) {
  const report = currentCallReporter();
  const id = nextCallId();
  let reported = false;
  return {
    /** `attempt` is the one about to run; `error` is why the last one failed. */
    retry(attempt: number, error: unknown): void {
      reported = true;
      const action = (error as { iamAction?: string } | undefined)?.iamAction ?? 'the step';
      report({
        kind: 'retry',
        call: id,
        action,
        attempt,
        ...(maxAttempts ? { maxAttempts } : {}),
        reason: retryReason(error),
      });
    },
    settle(): void {
      if (reported) report({ kind: 'settled', call: id });
    },
  };
}

// How a run ended, and the exit code that says so: one mapping for the plain commands (`down`,
// `cleanup`) and the app (`up` and `down` on a terminal, the app from Home), so they agree.
import type { ClassifiedError } from './errors.js';
import { EXIT, type ExitCode } from './exit.js';
import type { TeardownPlan, TeardownResult } from './teardown.js';

/**
 * `deleted`: a teardown ended with a fresh scan finding nothing (or there was nothing to clean up);
 * `scaled`: a node group settled at the count asked for;
 * `denied`: credentials or permissions failed; `stopped`: the first Ctrl+C cancelled the work;
 * `interrupted`: left with Ctrl+C; `quit`: left without finishing anything.
 */
export type RunOutcome =
  | 'created'
  | 'deleted'
  | 'scaled'
  | 'failed'
  | 'denied'
  | 'stopped'
  | 'quit'
  | 'interrupted';

/** What the run was asked for: `up`, `down` / `cleanup`, `scale`, or the app opened on Home. */
export type Errand = 'create' | 'teardown' | 'scale' | 'browse';

/** How a teardown ended: it ran, nothing of the target was found, or the scan before it failed. */
export type TeardownEnd =
  | { ran: Pick<TeardownResult, 'clean' | 'worstError'> }
  | { nothingIn: Pick<TeardownPlan, 'target' | 'goneSince'> }
  | { scanFailed: Pick<ClassifiedError, 'exitCode'> };

export function teardownOutcome(end: TeardownEnd): 'deleted' | 'denied' | 'failed' {
  // kube-down and kops refuse an unknown cluster; nothing to clean up is cleanup's success, and so
  // is a cluster kube-tui's own teardown already finished deleting.
  if ('nothingIn' in end)
    return end.nothingIn.target.kind === 'orphans' || end.nothingIn.goneSince ? 'deleted' : 'failed';
  if ('ran' in end && end.ran.clean) return 'deleted';
  const error = 'ran' in end ? end.ran.worstError : end.scanFailed;
  return error?.exitCode === EXIT.credentials ? 'denied' : 'failed';
}

/**
 * The exit code of DESIGN.md section 4: 0 only when what was asked for happened (a teardown only
 * when the fresh scan found nothing), 3 for credentials and permissions, 130 after Ctrl+C, else 1.
 */
export function exitCodeOf(outcome: RunOutcome, errand: Errand): ExitCode {
  switch (outcome) {
    case 'interrupted':
      return EXIT.interrupted;
    case 'denied':
      return EXIT.credentials;
    case 'failed':
    case 'stopped':
      return EXIT.failed;
    case 'deleted':
      // `up` that failed and was rolled back did not create the cluster.
      return errand === 'create' ? EXIT.failed : EXIT.ok;
    case 'scaled':
      return EXIT.ok;
    default:
      // `down` / `cleanup` succeed only when the fresh scan found nothing, `scale` only once the
      // group settled; leaving before that changed nothing asked for.
      return errand === 'teardown' || errand === 'scale' ? EXIT.failed : EXIT.ok;
  }
}

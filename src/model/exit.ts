// Exit codes of DESIGN.md section 4, owned by one module so every command agrees.
export const EXIT = {
  ok: 0,
  /** The operation failed; the message names the step and the cause. */
  failed: 1,
  /** Bad usage or an invalid option value. */
  usage: 2,
  /** Credentials missing, expired or invalid, or permission denied. */
  credentials: 3,
  /** Left with Ctrl+C (128 + SIGINT), as a shell reports it. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad usage or an invalid option: the message names the option, the value and what is allowed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

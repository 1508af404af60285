// The caller's permissions as simulated before anything is made or deleted (aws/preflight.ts):
// all allowed, or not checked and why. Missing ones never reach a plan: the plan is refused.

export type PermissionCheck =
  /** Every action the command needs (and, for up, what down will need) simulated as allowed. */
  | { status: 'allowed'; checked: number }
  /** Not checked, and why (an emulator, a caller who may not simulate): the command goes on. */
  | { status: 'unchecked'; reason: string };

/** One line for the plan and the notes: "permissions: 112 actions allowed (simulated)", or why not. */
export function permissionsLine(check: PermissionCheck): string {
  return check.status === 'allowed'
    ? `permissions: ${check.checked} actions allowed (simulated)`
    : `permissions not checked first: ${check.reason}`;
}

/** The line a run prints before its first write: only when the check could not be made. */
export function permissionsNote(check: PermissionCheck | undefined): string | undefined {
  return check?.status === 'unchecked' ? `note: ${permissionsLine(check)}` : undefined;
}

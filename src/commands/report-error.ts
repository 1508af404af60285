// The last stop for an error no command handled: one clear message on stderr and the exit code.
import { classifyError } from '../aws/errors.js';
import { EXIT, type ExitCode, UsageError } from '../model/exit.js';

export function reportFatal(error: unknown): ExitCode {
  if (error instanceof UsageError) {
    process.stderr.write(`kube-tui: ${error.message}\n`);
    return EXIT.usage;
  }
  // Another run holds the cluster, or a path would leave its directory: the message says it all.
  if (error instanceof Error && (error.name === 'LockHeldError' || error.name === 'PathEscapeError')) {
    process.stderr.write(`kube-tui: ${error.message}\n`);
    return EXIT.failed;
  }
  const classified = classifyError(error);
  process.stderr.write(`kube-tui: ${classified.message}\n`);
  return classified.exitCode;
}

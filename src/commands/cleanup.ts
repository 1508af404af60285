import type { GlobalOptions } from '../cli.js';
import { EXIT } from '../state/exit.js';

export async function runCleanup(_args: {
  globals: GlobalOptions;
  options: Record<string, unknown>;
}): Promise<void> {
  process.stderr.write('kube-tui cleanup: not implemented yet\n');
  process.exitCode = EXIT.failed;
}

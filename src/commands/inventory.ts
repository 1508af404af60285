import type { GlobalOptions } from '../cli.js';
import { EXIT } from '../state/exit.js';

export async function runInventory(_args: {
  globals: GlobalOptions;
  options: Record<string, unknown>;
}): Promise<void> {
  process.stderr.write('kube-tui inventory: not implemented yet\n');
  process.exitCode = EXIT.failed;
}

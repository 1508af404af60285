// The built CLI in a real terminal (tmux) against moto, as the terminal tests start it: a fresh home
// (so nothing is remembered from another test or the machine), the emulator's credentials, no
// instance metadata, and a fixed caller address for the SSH and API rules.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from './cli.js';
import { startInTerminal, type TerminalSession } from './tmux.js';

export interface AppTerminalOptions {
  /** Added to (and winning over) the test environment. */
  env?: Record<string, string>;
  columns?: number;
  rows?: number;
}

/** Runs `kube-tui <args> --endpoint <motoUrl>` in a terminal of its own. */
export function startApp(
  args: string[],
  motoUrl: string,
  { env = {}, columns = 100, rows = 30 }: AppTerminalOptions = {},
): TerminalSession {
  const home = mkdtempSync(join(tmpdir(), 'kube-tui-e2e-'));
  return startInTerminal([process.execPath, cliPath, ...args, '--endpoint', motoUrl], {
    env: {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
      SSH_CIDR: '203.0.113.7/32',
      HTTP_API_CIDR: '203.0.113.7/32',
      ...env,
    },
    columns,
    rows,
  });
}

/** Waits (polling, up to `timeoutMs`) for the command to exit; its status, or undefined if it has not. */
export async function exitStatusOf(
  terminal: TerminalSession,
  timeoutMs = 30_000,
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (!terminal.exited() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
  return terminal.exitStatus();
}

// `kube-tui` with no command: the Ink app, only on a real terminal.
import { resolveEndpoint } from '../aws/clients.js';
import type { GlobalOptions } from '../cli.js';
import type { ScreenName } from '../state/app-state.js';
import { UsageError } from '../state/exit.js';
import { resolveRegion } from '../state/region.js';
import { requireTerminal } from './terminal.js';

export interface InteractiveArgs {
  globals: GlobalOptions;
  /** `kube-tui up` without --yes opens the creation flow directly. */
  initialScreen?: ScreenName;
  /** The `up` flags, preselected in the wizard. */
  flags?: Record<string, unknown>;
}

export async function runInteractive({ globals, initialScreen }: InteractiveArgs): Promise<void> {
  // Bad flags are reported before the terminal check, so the message is about what is wrong.
  const region = resolveRegion(globals.region);
  const endpoint = resolveEndpoint(globals.endpoint);
  if (endpoint && !/^https?:\/\//.test(endpoint))
    throw new UsageError(`--endpoint ${endpoint}: expected an http(s) URL`);
  requireTerminal(
    'the interactive app',
    'kube-tui up --yes, kube-tui inventory, kube-tui down --cluster C --yes',
  );
  const target = endpoint ? `${region} · emulator ${endpoint}` : region;
  const { runApp } = await import('../app.js');
  await runApp({ target, ...(initialScreen ? { initialScreen } : {}) });
}

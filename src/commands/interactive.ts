// `kube-tui` with no command (and `kube-tui up` without --yes): the Ink app, only on a real terminal.

import { checkedEndpoint } from '../model/endpoint-check.js';
import { EXIT } from '../model/exit.js';
import type { UpFlags } from '../model/options.js';
import { resolveRegion } from '../model/region.js';
import type { TeardownLaunch } from '../state/teardown-screen.js';
import type { GlobalOptions } from './global-options.js';
import { openEngine } from './session.js';
import { requireTerminal } from './terminal.js';

export interface InteractiveArgs {
  globals: GlobalOptions;
  /** `kube-tui up` without --yes opens the creation flow directly; `down` / `cleanup` the Teardown screen. */
  initialScreen?: 'home' | 'create' | 'teardown' | 'pick-cluster';
  /** What the Teardown screen tears down (with `initialScreen: 'teardown'`). */
  teardown?: TeardownLaunch;
  /** The `up` flags, preselected in the wizard (they win over the environment and memory). */
  flags?: UpFlags;
}

export async function runInteractive({
  globals,
  initialScreen,
  teardown,
  flags,
}: InteractiveArgs): Promise<void> {
  // Bad flags are reported before the terminal check, so the message is about what is wrong.
  const region = resolveRegion(globals.region);
  const endpoint = checkedEndpoint(globals.endpoint);
  requireTerminal(
    'the interactive app',
    'kube-tui up --yes, kube-tui inventory, kube-tui down --cluster C --yes',
  );
  const target = endpoint ? `${region} · emulator ${endpoint}` : region;
  const { runApp } = await import('../app.js');
  const outcome = await runApp({
    target,
    // The SDK is loaded only when the create flow first needs AWS; the engine follows the region
    // the wizard chooses, so the one given here is only its default.
    loadEngine: () => openEngine({ ...globals, ...(endpoint ? { endpoint } : {}) }, region),
    ...(initialScreen === 'create' || initialScreen === 'pick-cluster' ? { initialScreen } : {}),
    ...(initialScreen === 'teardown' && teardown ? { initialTeardown: teardown } : {}),
    region,
    ...(globals.profile ? { profile: globals.profile } : {}),
    flags: flags ?? (globals.region ? { region: globals.region } : {}),
  });
  if (outcome === 'interrupted') process.exitCode = EXIT.interrupted;
  else if (outcome === 'denied') process.exitCode = EXIT.credentials;
  else if (outcome === 'failed' || outcome === 'stopped') process.exitCode = EXIT.failed;
  // `down` / `cleanup` succeed only when the fresh scan found nothing; cancelling deleted nothing.
  else if ((initialScreen === 'teardown' || initialScreen === 'pick-cluster') && outcome !== 'deleted')
    process.exitCode = EXIT.failed;
  // `up` that failed and was rolled back did not create the cluster.
  else if (initialScreen === 'create' && outcome === 'deleted') process.exitCode = EXIT.failed;
}

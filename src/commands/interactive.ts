// `kube-tui` with no command (and `kube-tui up` without --yes): the Ink app, only on a real terminal.

import { checkedEndpoint } from '../model/endpoint-check.js';
import { EXIT } from '../model/exit.js';
import type { UpFlags } from '../model/options.js';
import { resolveRegion } from '../model/options.js';
import { type Errand, exitCodeOf } from '../model/outcome.js';
import type { ScaleLaunch } from '../state/scale-screen.js';
import type { TeardownLaunch } from '../state/teardown-screen.js';
import { downCommand } from '../wording/command-lines.js';
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
  /** `kube-tui scale` without --yes: the Scale screen for this cluster, the count prefilled. */
  scale?: ScaleLaunch;
}

export async function runInteractive({
  globals,
  initialScreen,
  teardown,
  flags,
  scale,
}: InteractiveArgs): Promise<void> {
  // Bad flags are reported before the terminal check, so the message is about what is wrong.
  const region = resolveRegion(globals.region);
  const endpoint = checkedEndpoint(globals.endpoint);
  requireTerminal(
    'the interactive app',
    `kube-tui up --yes, kube-tui inventory, ${downCommand({ cluster: 'C', yes: true })}`,
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
    ...(scale ? { initialScale: scale } : {}),
    region,
    ...(globals.profile ? { profile: globals.profile } : {}),
    flags: flags ?? (globals.region ? { region: globals.region } : {}),
  });
  const errand: Errand = scale
    ? 'scale'
    : initialScreen === 'create'
      ? 'create'
      : initialScreen === 'teardown' || initialScreen === 'pick-cluster'
        ? 'teardown'
        : 'browse';
  const code = exitCodeOf(outcome, errand);
  if (code !== EXIT.ok) process.exitCode = code;
}

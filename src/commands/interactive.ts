// `kube-tui` with no command: the Ink app, only on a real terminal.
import { resolveEndpoint } from '../aws/clients.js';
import type { GlobalOptions } from '../cli.js';
import type { Engine } from '../state/engine.js';
import { EXIT, UsageError } from '../state/exit.js';
import { resolveRegion } from '../state/region.js';
import { requireTerminal } from './terminal.js';

/**
 * The AWS engine (src/aws/engine.ts, createEngine({ region, profile, endpoint })) is not part of
 * this build yet: the create flow then shows this message where it would list regions.
 */
export function loadEngineUnavailable(): Promise<Engine> {
  return Promise.reject(
    new Error(
      'the AWS engine is not available in this build yet (src/aws/engine.ts); nothing can be created',
    ),
  );
}

export async function runInteractive({ globals }: { globals: GlobalOptions }): Promise<void> {
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
  const outcome = await runApp({
    target,
    loadEngine: loadEngineUnavailable,
    flags: globals.region ? { region: globals.region } : {},
  });
  if (outcome === 'failed' || outcome === 'stopped') process.exitCode = EXIT.failed;
}

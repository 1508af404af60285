// `kube-tui cleanup --orphans`: the inventory's orphans (leftovers of clusters that are gone, used by
// nothing), with the same plan / typed confirmation (`cleanup`) / checklist / re-scan as `down`.

import { resolveRegion } from '../model/options.js';
import { cleanupCommand } from '../wording/command-lines.js';
import type { GlobalOptions } from './global-options.js';
import { parseTimeout, runTeardownCommand } from './teardown.js';
import { requireTerminal } from './terminal.js';

export interface CleanupOptions extends Record<string, unknown> {
  orphans?: boolean;
  timeout?: string;
  yes?: boolean;
  dryRun?: boolean;
  deleteDataVolumes?: boolean;
  json?: boolean;
}

export async function runCleanup({
  globals,
  options,
}: {
  globals: GlobalOptions;
  options: CleanupOptions;
}): Promise<void> {
  const region = resolveRegion(globals.region);
  const timeoutMs = parseTimeout(options.timeout);
  const target = { kind: 'orphans' as const, region };
  const again = { region, connection: globals, timeout: options.timeout };
  if (!options.yes && !options.dryRun) {
    requireTerminal(
      'kube-tui cleanup without --yes (it shows the plan and asks you to type cleanup)',
      `${cleanupCommand({ yes: true })}, or --dry-run to see the plan`,
    );
    const { runInteractive } = await import('./interactive.js');
    await runInteractive({
      globals: { ...globals, region },
      initialScreen: 'teardown',
      teardown: { target, timeoutMs, rerun: cleanupCommand(again) },
    });
    return;
  }
  await runTeardownCommand({
    globals,
    target,
    timeoutMs,
    dryRun: Boolean(options.dryRun),
    deleteDataVolumes: Boolean(options.deleteDataVolumes),
    json: Boolean(options.json),
    rerun: cleanupCommand({ ...again, yes: true }),
  });
}

// `kube-tui down --cluster C`: on a terminal the Teardown screen (plan, typed name, checklist); with
// --yes one line per event; --dry-run the plan; --json one document. Exit 0 only when a fresh
// discovery finds nothing of the cluster.
import { UsageError } from '../model/exit.js';
import { resolveRegion, validClusterName } from '../model/options.js';
import { downCommand } from '../wording/command-lines.js';
import type { GlobalOptions } from './global-options.js';
import { parseTimeout, runTeardownCommand, userBucketFrom } from './teardown.js';
import { canPrompt, requireTerminal } from './terminal.js';

export interface DownOptions extends Record<string, unknown> {
  cluster?: string;
  timeout?: string;
  bucket?: string;
  bucketRegion?: string;
  yes?: boolean;
  dryRun?: boolean;
  deleteDataVolumes?: boolean;
  forceRevoke?: boolean;
  json?: boolean;
}

export async function runDown({
  globals,
  options,
}: {
  globals: GlobalOptions;
  options: DownOptions;
}): Promise<void> {
  const region = resolveRegion(globals.region);
  if (!(options.cluster ?? '').trim()) {
    // On a terminal, the clusters found are offered to pick from; without one, the flag is required.
    if (!options.yes && !options.dryRun && canPrompt()) {
      const { runInteractive } = await import('./interactive.js');
      await runInteractive({ globals: { ...globals, region }, initialScreen: 'pick-cluster' });
      return;
    }
    throw new UsageError('--cluster: give the name of the cluster to delete (e.g. --cluster kubernetes)');
  }
  const cluster = validClusterName(options.cluster);
  const timeoutMs = parseTimeout(options.timeout);
  const bucket = userBucketFrom(options, region);
  const target = { kind: 'cluster' as const, cluster: { name: cluster, region } };
  const again = {
    cluster,
    region,
    bucket,
    connection: globals,
    timeout: options.timeout,
    forceRevoke: options.forceRevoke,
  };
  if (!options.yes && !options.dryRun) {
    requireTerminal(
      'kube-tui down without --yes (it shows the plan and asks you to type the cluster name)',
      `${downCommand({ cluster, yes: true })}, or --dry-run to see the plan`,
    );
    const { runInteractive } = await import('./interactive.js');
    await runInteractive({
      globals: { ...globals, region },
      initialScreen: 'teardown',
      teardown: {
        target,
        ...(bucket ? { bucket } : {}),
        timeoutMs,
        ...(options.forceRevoke ? { forceRevoke: true } : {}),
        rerun: downCommand(again),
      },
    });
    return;
  }
  await runTeardownCommand({
    globals,
    target,
    ...(bucket ? { bucket } : {}),
    timeoutMs,
    dryRun: Boolean(options.dryRun),
    deleteDataVolumes: Boolean(options.deleteDataVolumes),
    forceRevoke: Boolean(options.forceRevoke),
    json: Boolean(options.json),
    rerun: downCommand({ ...again, yes: true }),
    commandIn: (where) => downCommand({ cluster, region: where, connection: globals }),
  });
}

// `kube-tui scale --cluster C --nodes N [--zone Z]`: the cluster's node group to N nodes. --yes runs
// it with one line per event; --dry-run prints the plan; --json prints one document (events on
// stderr). Without --yes on a terminal, the app's Scale screen asks for the confirmation.
import { UsageError } from '../model/exit.js';
import { OPTIONS } from '../model/option-table.js';
import { resolveRegion, validClusterName } from '../model/options.js';
import { regionOfZone } from '../model/region.js';
import { nodeCountProblem, scaleDocument, scalePlanDocument } from '../model/scale.js';
import { scaleCommand } from '../wording/command-lines.js';
import { formatDuration, plural } from '../wording/format.js';
import { formatScaleEvent, readinessText, scalePlanLines } from '../wording/scale.js';
import type { GlobalOptions } from './global-options.js';
import { interruptible, openEngine } from './session.js';
import { requireTerminal } from './terminal.js';

export interface ScaleOptions extends Record<string, unknown> {
  cluster?: string;
  nodes?: string;
  zone?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** Everything the command line says, checked before any file or AWS call. */
export function scaleArguments(globals: GlobalOptions, options: ScaleOptions) {
  const cluster = validClusterName(options.cluster);
  const text = options.nodes ?? '';
  const problem = nodeCountProblem(text);
  if (problem) throw new UsageError(`${OPTIONS.nodes.flag} ${text || '""'}: expected ${problem}`);
  const nodes = Number(text.trim());
  let region = resolveRegion(globals.region);
  const zone = options.zone?.trim();
  if (zone !== undefined) {
    const zoneRegion = regionOfZone(zone);
    if (!zoneRegion) {
      throw new UsageError(
        `${OPTIONS.zone.flag} ${zone || '""'}: expected an availability zone name such as us-west-2a`,
      );
    }
    if (globals.region && globals.region !== zoneRegion) {
      throw new UsageError(
        `${OPTIONS.region.flag} ${globals.region} disagrees with ${OPTIONS.zone.flag} ${zone}: the region is the zone minus its letter (${zoneRegion})`,
      );
    }
    region = zoneRegion;
  }
  return { cluster: { name: cluster, region }, nodes, ...(zone ? { zone } : {}) };
}

export async function runScale({ globals, options }: { globals: GlobalOptions; options: ScaleOptions }) {
  const request = scaleArguments(globals, options);
  if (!options.yes && !options.dryRun) {
    requireTerminal(
      'kube-tui scale without --yes (it shows the change and its price, then asks)',
      scaleCommand({ cluster: request.cluster.name, nodes: request.nodes, yes: true }),
    );
    const { runInteractive } = await import('./interactive.js');
    await runInteractive({ globals: { ...globals, region: request.cluster.region }, scale: request });
    return;
  }
  const engine = await openEngine(globals, request.cluster.region);
  const controller = interruptible(err);
  const log = options.json ? err : out;
  try {
    const plan = await engine.planScale({ ...request, signal: controller.signal });
    if (options.dryRun) {
      if (options.json) out(JSON.stringify(scalePlanDocument(plan), null, 2));
      else {
        for (const line of scalePlanLines(plan)) out(line);
        out('Dry run: nothing was changed.');
      }
      return;
    }
    for (const line of scalePlanLines(plan)) log(line);
    const result = await engine.runScale(plan, {
      signal: controller.signal,
      onEvent: (event) => {
        const line = formatScaleEvent(event);
        if (line) log(line);
      },
    });
    log(
      `✔ ${result.group}: ${plural(result.instances.length, 'node')} in service, ${readinessText(result)} (${formatDuration(result.elapsedMs)})${
        result.terminated.length > 0 ? `; terminated ${result.terminated.join(', ')}` : ''
      }`,
    );
    if (options.json) out(JSON.stringify(scaleDocument(result), null, 2));
  } finally {
    controller.dispose();
    engine.close();
  }
}

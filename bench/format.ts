// The readable form of the report: one table for the AWS phases, the critical paths, one table for
// start-up, then the performance targets (overlap, wall time against the critical path, start-up),
// each with its value and whether it is met.
import type {
  AwsPhaseReport,
  BenchReport,
  ColdReport,
  PhaseReport,
  StartupReport,
  Target,
} from './report.js';
import type { Spread } from './stats.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const times = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}x`;
const withSpread = (value: Spread) =>
  `${seconds(value.medianMs)} (${(value.minMs / 1000).toFixed(2)}–${(value.maxMs / 1000).toFixed(2)})`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

function awsRows(phases: PhaseReport[]): string[][] {
  return phases.flatMap((phase): string[][] => {
    if (phase.kind !== 'aws') return [];
    const { summary } = phase;
    return [
      [
        phase.name,
        withSpread(summary.wall),
        String(summary.calls),
        seconds(summary.serialMs),
        times(summary.overlap),
        summary.criticalPath ? seconds(summary.criticalPath.lengthMs) : '-',
        summary.criticalPath ? times(summary.criticalPath.wallOver) : '-',
      ],
    ];
  });
}

/** Phases that failed, and why: below the table, never as a number. */
function failedLines(phases: PhaseReport[]): string[] {
  return phases.flatMap((phase) => {
    if (phase.kind === 'failed') return [`${phase.name}: FAILED: ${phase.error}`];
    return [];
  });
}

function pathLines(phase: AwsPhaseReport): string[] {
  const typical = phase.runs.find(
    (run) => run.criticalPath?.tasks.join() === phase.summary.criticalPath?.tasks.join(),
  );
  if (!phase.summary.criticalPath || !typical?.tasks) return [];
  const byId = new Map(typical.tasks.map((task) => [task.id, task]));
  const steps = phase.summary.criticalPath.tasks.map((id) => {
    const task = byId.get(id);
    return task ? `${id} ${((task.endMs - task.startMs) / 1000).toFixed(2)}` : id;
  });
  return [
    `${phase.name} critical path, ${seconds(phase.summary.criticalPath.lengthMs)} (task seconds):`,
    `  ${steps.join(' → ')}`,
  ];
}

function startupLines(startup: StartupReport): string[] {
  const rows = [
    ['node -e 0', withSpread(startup.node), '1.00x'],
    ['kube-tui --version', withSpread(startup.version), times(startup.versionOverNode)],
    ['kube-tui --help', withSpread(startup.help), times(startup.helpOverNode)],
  ];
  if ('skipped' in startup.firstFrame) {
    rows.push(['first frame (home screen)', `not measured: ${startup.firstFrame.skipped}`, '']);
  } else {
    if (startup.ptyNode) rows.push(['pty + node, printing at once', withSpread(startup.ptyNode), '']);
    rows.push(['first frame (home screen)', withSpread(startup.firstFrame), '']);
  }
  return table(['start-up', 'median (min–max)', 'vs node'], rows);
}

function coldLines(cold: ColdReport): string[] {
  const { summary } = cold;
  return table(
    ['cold: up --yes as a new process', 'median (min–max)'],
    [
      ['wall time, from outside', withSpread(summary.wall)],
      ['first AWS request after start', withSpread(summary.firstRequest)],
      ['calls', String(summary.calls)],
      ['overlap vs one at a time', times(summary.overlap)],
      [
        'nothing in flight (after the first request)',
        `${seconds(summary.idleMs)}, longest ${seconds(summary.largestGapMs)}`,
      ],
      ['critical path (start-up, plan, tasks)', seconds(summary.criticalPath.lengthMs)],
      ['wall time vs critical path', times(summary.criticalPath.wallOver)],
    ],
  ).concat(`  path: ${summary.criticalPath.tasks.join(' → ')}`);
}

function targetLine(target: Target): string {
  const mark = target.met === null ? '·' : target.met ? '✔' : '✖';
  const verdict = target.met === null ? ' (not judged at this latency)' : '';
  const value = target.goal.endsWith(' ms') ? `${target.value ?? 'n/a'} ms` : times(target.value);
  return `${mark} ${target.name}: ${value}, goal ${target.goal}${verdict}`;
}

const AWS_HEADER = [
  'phase',
  'wall, median (min–max)',
  'calls',
  'one at a time',
  'overlap',
  'critical path',
  'wall/path',
];

export function formatReport(report: BenchReport): string {
  const lines = [
    `kube-tui bench ${report.version} · ${report.latencyMs} ms added per API call · ${report.runs} runs · ` +
      `node ${report.node} · ${report.platform}, ${report.cpus} cores, load ${report.loadAverage}`,
    '',
  ];
  const aws = awsRows(report.phases);
  if (aws.length > 0) lines.push(...table(AWS_HEADER, aws), '');
  for (const phase of report.phases) {
    if (phase.kind !== 'aws') continue;
    lines.push(...pathLines(phase));
    lines.push(
      `${phase.name}: event loop blocked ${phase.summary.eventLoopMaxMs} ms at most (median of runs)`,
    );
    for (const note of phase.runs[0]?.notes ?? []) lines.push(`${phase.name}: ${note}`);
  }
  lines.push(...failedLines(report.phases));
  if (lines.at(-1) !== '') lines.push('');
  const cold = report.phases.find((phase): phase is ColdReport => phase.kind === 'cold');
  if (cold) lines.push(...coldLines(cold), '');
  const startup = report.phases.find((phase): phase is StartupReport => phase.kind === 'startup');
  if (startup) lines.push(...startupLines(startup), '');
  const targets = report.phases.flatMap((phase) => ('targets' in phase ? phase.targets : []));
  if (targets.length > 0) lines.push('targets:', ...targets.map((target) => `  ${targetLine(target)}`));
  return `${lines.join('\n')}\n`;
}

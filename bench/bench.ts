// `npm run bench [-- --latency 100 --runs 5 --phases provision,startup --json]`: see run.ts for what
// is measured and README "Performance" for numbers. Everything the engine writes locally (SSH key,
// cluster CA, kubeconfig, remembered choices) goes to a temporary HOME that is removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport } from './format.js';
import { PHASE_NAMES } from './phases.js';
import { DEFAULT_LATENCY_MS, DEFAULT_RUNS, parsePhases, runBench } from './run.js';

const USAGE = `usage: npm run bench -- [options]
  --latency <ms>     added to every AWS call by the proxy (default ${DEFAULT_LATENCY_MS})
  --runs <n>         runs per AWS phase and first-frame samples; CLI timings take 3n (default ${DEFAULT_RUNS})
  --phases <list>    comma-separated: ${PHASE_NAMES.join(', ')} (default all)
  --cli <path>       the built CLI to time (default dist/cli.js), e.g. another build to compare
  --json             print one JSON document instead of tables
  -h, --help         this text
`;

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} ${value}: expected a number >= 0`);
  return parsed;
}

/** A throwaway HOME with fake credentials: the bench never touches ~/.ssh, ~/.kube or real AWS. */
function isolateEnvironment(): () => void {
  const home = mkdtempSync(join(tmpdir(), 'kube-tui-bench-home-'));
  Object.assign(process.env, {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    KUBECONFIG: join(home, '.kube', 'config'),
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'KUBE_TUI_CONFIG_DIR']) {
    delete process.env[name];
  }
  return () => rmSync(home, { recursive: true, force: true });
}

/** The SDK warns once per process that it will need Node 22 next year: noise in a benchmark's output. */
function quietNodeVersionWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const sdkNodeVersion = `${warning.name} ${warning.message}`.includes('NodeVersionSupportWarning');
    if (!sdkNodeVersion) process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      latency: { type: 'string' },
      runs: { type: 'string' },
      phases: { type: 'string' },
      cli: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const latencyMs = numberOption('latency', values.latency, DEFAULT_LATENCY_MS);
  const runs = numberOption('runs', values.runs, DEFAULT_RUNS);
  const phases = values.phases ? parsePhases(values.phases) : undefined;
  quietNodeVersionWarning();
  const cleanup = isolateEnvironment();
  try {
    const report = await runBench({
      latencyMs,
      runs,
      ...(phases ? { phases } : {}),
      ...(values.cli ? { cliPath: resolve(values.cli) } : {}),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return report.phases.some((phase) => phase.kind === 'failed') ? 1 : 0;
  } finally {
    cleanup();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exitCode = 2;
}

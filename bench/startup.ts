// Phase "startup": how long the built CLI takes to answer --version and --help next to a bare
// `node -e 0`, and how long the interactive app takes to draw its home screen in a
// pseudo-terminal (util-linux `script`), next to the same pseudo-terminal running bare node.
import { spawn, spawnSync } from 'node:child_process';
import { STARTUP_TARGET, type StartupReport } from './report.js';
import { round, spread } from './stats.js';

export interface StartupOptions {
  /** The built CLI, normally dist/cli.js. */
  cliPath: string;
  /** The endpoint the interactive app is given (the home screen never calls it). */
  endpoint: string;
  /** Samples of the first frame; the CLI timings (about 0.1 s each) take three times as many. */
  runs: number;
  log?: (line: string) => void;
}

/** What the home screen shows once it is drawn. */
export const HOME_SCREEN_TEXT = 'Create a cluster';
const COLUMNS = 80;
const ROWS = 24;
const FRAME_TIMEOUT_MS = 30_000;

/** The children's environment: nothing that changes how Node or Ink start (CI = last frame only). */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  for (const name of ['CI', 'NODE_OPTIONS', 'FORCE_COLOR', 'NO_COLOR', 'TRACE_IMPORTS_FILE'])
    delete env[name];
  return env;
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr.toString()}`);
  }
  return elapsed;
}

export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

const shellQuote = (part: string) => `'${part.replaceAll("'", "'\\''")}'`;
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007]*\u0007|[@-Z\\-_])/g;

/**
 * Milliseconds from spawning `command` in a new pseudo-terminal until `text` appears on it; then
 * sends `q` (the app quits) and waits for the exit, killing the process group if it lingers.
 */
export function timeUntilShown(command: string[], text: string, env: NodeJS.ProcessEnv): Promise<number> {
  const inner = `stty cols ${COLUMNS} rows ${ROWS} 2>/dev/null; exec ${command.map(shellQuote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', inner, '/dev/null'], {
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true,
    });
    let screen = '';
    let shownAfter: number | undefined;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`${command.join(' ')} never showed "${text}" in ${FRAME_TIMEOUT_MS} ms:\n${screen}`));
    }, FRAME_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      if (shownAfter !== undefined) return;
      screen += chunk.toString('utf8');
      if (screen.replace(ANSI, '').includes(text)) {
        shownAfter = performance.now() - started;
        child.stdin.write('q');
        // A program that ignores `q` (bare node has already exited) is stopped after a moment.
        setTimeout(killGroup, 5_000).unref();
      }
    });
    child.stdin.on('error', () => {});
    child.on('exit', () => {
      clearTimeout(timer);
      if (shownAfter !== undefined) resolve(shownAfter);
      else reject(new Error(`${command.join(' ')} exited before showing "${text}":\n${screen}`));
    });
  });
}

export async function measureStartup(options: StartupOptions): Promise<StartupReport> {
  const env = childEnv();
  const samples = { node: [] as number[], version: [] as number[], help: [] as number[] };
  // Interleaved, so a burst of load from elsewhere hits all three alike.
  for (let i = 0; i < options.runs * 3; i++) {
    samples.node.push(timeProcess(['-e', '0'], env));
    samples.version.push(timeProcess([options.cliPath, '--version'], env));
    samples.help.push(timeProcess([options.cliPath, '--help'], env));
  }
  const node = spread(samples.node);
  const version = spread(samples.version);
  const help = spread(samples.help);
  const versionOverNode = round(version.medianMs / node.medianMs, 2);
  const helpOverNode = round(help.medianMs / node.medianMs, 2);

  let firstFrame: StartupReport['firstFrame'];
  let ptyNode: StartupReport['ptyNode'];
  if (hasScript()) {
    const frames: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      options.log?.(`  first frame ${i + 1}/${options.runs}`);
      bare.push(await timeUntilShown([process.execPath, '-e', 'console.log("ready")'], 'ready', env));
      frames.push(
        await timeUntilShown(
          [process.execPath, options.cliPath, '--endpoint', options.endpoint],
          HOME_SCREEN_TEXT,
          env,
        ),
      );
    }
    firstFrame = spread(frames);
    ptyNode = spread(bare);
  } else {
    firstFrame = { skipped: 'util-linux `script` is not installed (it provides the pseudo-terminal)' };
  }

  return {
    kind: 'startup',
    name: 'startup',
    title: 'CLI start against bare node; time to the first frame of the interactive app',
    cli: options.cliPath,
    node,
    version,
    help,
    versionOverNode,
    helpOverNode,
    firstFrame,
    ...(ptyNode ? { ptyNode } : {}),
    targets: [
      {
        name: 'startup: --version vs node -e 0',
        goal: `<= ${STARTUP_TARGET}x`,
        value: versionOverNode,
        met: versionOverNode <= STARTUP_TARGET,
      },
      {
        name: 'startup: --help vs node -e 0',
        goal: `<= ${STARTUP_TARGET}x`,
        value: helpOverNode,
        met: helpOverNode <= STARTUP_TARGET,
      },
    ],
  };
}

// The moto AWS emulator for tests, the sandbox and the benchmark: finds (or installs) moto 5.2.1,
// starts it on a free loopback port, resets it and stops it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MOTO_VERSION = '5.2.1';

const supportDir = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(supportDir, '..', '..');
const venvPython = join(projectRoot, '.venv', 'bin', 'python');

export interface MotoServer {
  readonly url: string;
  readonly port: number;
  /** The server's process id. */
  readonly pid: number | undefined;
  /** Wipes every account and region (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function motoVersionOf(python: string): string | undefined {
  try {
    return execFileSync(python, ['-c', 'import moto, flask; print(moto.__version__)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * A Python that imports moto 5.2.1 with its server extras: $KUBE_TUI_PYTHON, python3, the project's
 * .venv, or a new .venv (system site packages, then `pip install moto[server]==5.2.1`).
 */
export function ensureMotoPython(log: (line: string) => void = () => {}): string {
  const candidates = [process.env.KUBE_TUI_PYTHON, 'python3', venvPython].filter(Boolean) as string[];
  for (const python of candidates) {
    if (motoVersionOf(python) === MOTO_VERSION) return python;
  }
  log(`moto ${MOTO_VERSION} not found; installing it into ${join(projectRoot, '.venv')}`);
  try {
    if (!existsSync(venvPython)) {
      execFileSync('python3', ['-m', 'venv', '--system-site-packages', join(projectRoot, '.venv')], {
        stdio: 'inherit',
      });
    }
    execFileSync(venvPython, ['-m', 'pip', 'install', '--quiet', `moto[server]==${MOTO_VERSION}`], {
      stdio: 'inherit',
    });
  } catch (error) {
    throw new Error(
      `Could not install moto ${MOTO_VERSION}: ${(error as Error).message}\n` +
        `Install it yourself with: python3 -m pip install 'moto[server]==${MOTO_VERSION}' ` +
        '(or set KUBE_TUI_PYTHON to a Python that has it).',
    );
  }
  if (motoVersionOf(venvPython) !== MOTO_VERSION) {
    throw new Error(
      `${venvPython} still lacks moto ${MOTO_VERSION}; install 'moto[server]==${MOTO_VERSION}' by hand.`,
    );
  }
  return venvPython;
}

export interface StartMotoOptions {
  python?: string;
  /** Extra environment for the server (e.g. MOTO_* settings). */
  env?: Record<string, string>;
  /** Milliseconds to wait for the server to announce its port. */
  startTimeoutMs?: number;
}

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const python = options.python ?? ensureMotoPython();
  const child = spawn(python, [join(supportDir, 'moto_server.py'), '-H', '127.0.0.1', '-p', '0'], {
    env: {
      ...process.env,
      // moto ships no Ubuntu >= 16.04, Debian or Flatcar images: use our list of realistic ones.
      MOTO_AMIS_PATH: join(supportDir, 'amis.json'),
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Made at once, so a moto that died before stop() (a crash, a kill) is not waited for forever.
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // Generous: on a loaded machine (several test runs at once) Python takes long to import moto.
  const port = await announcedPort(child, options.startTimeoutMs ?? 180_000);
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  return {
    url,
    port,
    pid: child.pid,
    async reset() {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
      await response.arrayBuffer();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// werkzeug prints " * Running on http://127.0.0.1:NNNNN" on stderr once it listens.
function announcedPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`moto did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        // Keep draining stderr (one line per request) so the pipe never fills and blocks moto.
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolvePort(Number(match[1]));
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto exited with code ${code} before it listened:\n${output}`));
    });
  });
}

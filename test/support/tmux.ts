// Drives a command in a real pseudo-terminal through tmux: type keys, read the screen.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TerminalSession {
  readonly name: string;
  /** Sends tmux key names (Enter, Escape, Down, C-c) or literal text with { text }. */
  press(...keys: (string | { text: string })[]): void;
  /**
   * Writes raw bytes to the terminal in one go, the way keys arrive in a burst over SSH: use the
   * BYTES table ('\r', '\u001B[B', …) and plain text.
   */
  burst(bytes: string): void;
  /** Resizes the terminal, as a user dragging its window would (the app gets SIGWINCH). */
  resize(columns: number, rows: number): void;
  /** The visible screen as plain text. */
  screen(): string;
  /** The visible screen with its colour and attribute escape sequences. */
  screenWithEscapes(): string;
  /**
   * Everything the pane printed, scrolled-off lines included, wrapped lines joined: a command that
   * prints before tmux has given the pane its size can scroll its first lines out of the screen.
   */
  transcript(): string;
  /** Polls the screen until it contains the text (or the predicate holds); fails with the last screen. */
  waitFor(text: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  /** True once the command has exited (the pane is dead). */
  exited(): boolean;
  exitStatus(): number | undefined;
  kill(): void;
}

// Each session gets its own tmux server (socket), so tests never touch the user's tmux and the
// panes stay readable after the command exits (remain-on-exit).
function tmuxOn(socket: string) {
  return (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

function tmuxConfig(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kube-tui-tmux-')), 'tmux.conf');
  writeFileSync(path, 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 5000\n');
  return path;
}

/**
 * How long one terminal test may take: each waits on screen content, never on a fixed delay, so
 * this bound only matters on a loaded machine, where a cluster's create and teardown take minutes.
 */
export const TERMINAL_TEST_TIMEOUT = 600_000;

/** Raw key bytes for `burst`. */
export const BYTES = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  backspace: '\u007F',
} as const;

export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The terminal tests need tmux: without it they fail, naming it, rather than skip. */
export function requireTmux(): void {
  if (!hasTmux()) {
    throw new Error(
      'tmux is not installed: the terminal tests (test/e2e) drive the app through tmux. Install it (apt-get install tmux).',
    );
  }
}

export function startInTerminal(
  command: string[],
  {
    env = {},
    cwd = process.cwd(),
    columns = 100,
    rows = 30,
    unset = [],
  }: {
    env?: Record<string, string>;
    cwd?: string;
    columns?: number;
    rows?: number;
    /** Variables the command must not inherit (the tmux server has the test's environment). */
    unset?: string[];
  } = {},
): TerminalSession {
  requireTmux();
  const name = `kube-tui-test-${randomBytes(4).toString('hex')}`;
  const tmux = tmuxOn(name);
  // tmux does not always record a dead pane's exit status, so the shell writes it to a file.
  const statusFile = join(mkdtempSync(join(tmpdir(), 'kube-tui-status-')), 'status');
  const quoted = command.map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const assignments = Object.entries(env).map(([key, value]) => `${key}='${value.replaceAll("'", "'\\''")}'`);
  // `env -u CI`: Ink prints only the final frame when CI is set; colour is left to the test.
  const unsets = unset.map((name) => `-u ${name}`).join(' ');
  const shellCommand = `cd '${cwd}' && env -u CI -u FORCE_COLOR -u NO_COLOR ${unsets} ${assignments.join(' ')} ${quoted}; echo $? > '${statusFile}'`;
  tmux(
    '-f',
    tmuxConfig(),
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(columns),
    '-y',
    String(rows),
    shellCommand,
  );
  const session: TerminalSession = {
    name,
    press(...keys) {
      for (const key of keys) {
        if (typeof key === 'string') tmux('send-keys', '-t', name, key);
        else tmux('send-keys', '-t', name, '-l', key.text);
      }
    },
    burst(bytes) {
      // One send-keys command with every byte in hex: tmux writes them to the pane in one go.
      const hex = [...Buffer.from(bytes, 'utf8')].map((byte) => byte.toString(16).padStart(2, '0'));
      tmux('send-keys', '-t', name, '-H', ...hex);
    },
    resize(columns, rows) {
      tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows));
    },
    screen() {
      return tmux('capture-pane', '-p', '-t', name);
    },
    screenWithEscapes() {
      return tmux('capture-pane', '-p', '-e', '-t', name);
    },
    transcript() {
      return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
    },
    async waitFor(text, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = session.screen();
        const found =
          typeof text === 'string'
            ? last.includes(text)
            : text instanceof RegExp
              ? text.test(last)
              : text(last);
        if (found) return last;
        await new Promise((done) => setTimeout(done, 100));
      }
      throw new Error(
        `terminal never showed ${typeof text === 'function' ? 'the expected state' : String(text)}:\n${last}`,
      );
    },
    exited() {
      return existsSync(statusFile) && readFileSync(statusFile, 'utf8').trim() !== '';
    },
    exitStatus() {
      return session.exited() ? Number(readFileSync(statusFile, 'utf8').trim()) : undefined;
    },
    kill() {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
  return session;
}

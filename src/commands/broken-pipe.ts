// `kube-tui down --yes | head -1`: once head exits, every write to stdout fails with EPIPE. That must
// never stop a run half-way through AWS, so a closed stream is set aside: the run goes on, and what
// would have been printed is appended to a log file under the config dir instead (named once on
// stderr, if stderr is still open). The exit code and the re-scan still tell the truth.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../local/paths.js';

type Writable = NodeJS.WriteStream;

const CLOSED_CODES = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ECONNRESET']);

export interface PipeGuard {
  /** The log file that receives what a closed stream could not take, once one was needed. */
  logPath(): string | undefined;
}

function logFileName(now: Date, argv: string[]): string {
  const command = argv.find((word) => /^[a-z]+$/.test(word)) ?? 'app';
  const stamp = now
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z');
  return `${command}-${stamp}-${process.pid}.log`;
}

/**
 * Guards stdout and stderr: a write to a stream that has closed goes to the log file; the stream's
 * 'error' event no longer crashes the process.
 */
export function guardBrokenPipes(
  env: NodeJS.ProcessEnv = process.env,
  argv: string[] = process.argv.slice(2),
): PipeGuard {
  let logPath: string | undefined;
  const closed = new Set<Writable>();
  // What stdout took so far (bounded): the log then holds the whole output, not just its tail.
  let printed: string[] = [];
  let printedBytes = 0;
  const remember = (chunk: unknown) => {
    if (printedBytes > 1 << 20) return;
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    printed.push(text);
    printedBytes += text.length;
  };

  const toLog = (chunk: unknown) => {
    try {
      if (!logPath) {
        const dir = join(configDir(env), 'logs');
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        logPath = join(dir, logFileName(new Date(), argv));
      }
      appendFileSync(logPath, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array), {
        mode: 0o600,
      });
    } catch {
      // No place to keep the output either: the run still goes on.
    }
  };

  const guard = (stream: Writable) => {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    const close = (error: NodeJS.ErrnoException) => {
      if (!CLOSED_CODES.has(error.code ?? '')) return;
      if (closed.has(stream)) return;
      closed.add(stream);
      if (stream === process.stdout) {
        toLog(printed.join(''));
        printed = [];
      }
      if (stream === process.stdout && !closed.has(process.stderr)) {
        if (logPath)
          process.stderr.write(`kube-tui: stdout was closed; the rest of the output goes to ${logPath}\n`);
      }
    };
    stream.on('error', close);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (closed.has(stream) || stream.destroyed || stream.writableEnded) {
        toLog(chunk);
        const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }
      if (stream === process.stdout) remember(chunk);
      try {
        return write(chunk, ...rest);
      } catch (error) {
        close(error as NodeJS.ErrnoException);
        toLog(chunk);
        return true;
      }
    }) as Writable['write'];
  };

  guard(process.stdout);
  guard(process.stderr);
  return { logPath: () => logPath };
}

import { UsageError } from '../state/exit.js';

/** True when prompts are possible: stdin and stdout are terminals and CI is not set. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI);
}

/** Refuses to mount an input without a terminal, naming what to run instead. */
export function requireTerminal(what: string, instead: string): void {
  if (!canPrompt()) {
    throw new UsageError(
      `${what} needs an interactive terminal (stdin and stdout a TTY, CI unset). Instead use: ${instead}`,
    );
  }
}

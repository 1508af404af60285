import { UsageError } from '../model/exit.js';

/**
 * True when prompts are possible: stdin and stdout are terminals, CI is not set, and the terminal
 * moves its cursor (TERM=dumb does not: it gets the plain line mode, as without a terminal).
 */
export function canPrompt(): boolean {
  return Boolean(
    process.stdin.isTTY && process.stdout.isTTY && !process.env.CI && process.env.TERM !== 'dumb',
  );
}

/** Refuses to mount an input without a terminal, naming what to run instead. */
export function requireTerminal(what: string, instead: string): void {
  if (!canPrompt()) {
    throw new UsageError(
      `${what} needs an interactive terminal (stdin and stdout a TTY, CI unset, TERM not dumb). Instead use: ${instead}`,
    );
  }
}

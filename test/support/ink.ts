// A thin layer over ink-testing-library so screen tests read like what a user does:
// render, press a named key, wait until the frame shows some text.

import { render as inkRender } from 'ink-testing-library';
import type { ReactElement } from 'react';

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

export type KeyName = keyof typeof KEYS;

// ANSI escape sequences, so assertions compare plain text.
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;
export const stripAnsi = (text: string) => text.replace(ANSI, '');

/**
 * How long a screen test waits for a frame or a call before it fails: a bound, not an expectation
 * (each wait ends as soon as the condition holds); a loaded 2-core machine needs it generous, as
 * the engine and the flows' modules are imported lazily.
 */
export const WAIT_BOUND_MS = 30_000;

/** Lets React and Ink flush: a macrotask after the pending microtasks. */
export const tick = () => new Promise<void>((done) => setImmediate(() => setTimeout(done, 0)));

export function renderScreen(element: ReactElement) {
  const instance = inkRender(element);
  const frame = () => stripAnsi(instance.lastFrame() ?? '');
  return {
    ...instance,
    frame,
    /** Presses a named key (or types text) and lets the app react. */
    async press(key: KeyName | { text: string }, times = 1) {
      for (let i = 0; i < times; i++) {
        // A component that has just rendered registers its input handler in an effect: let it.
        await tick();
        const framesBefore = instance.frames.length;
        instance.stdin.write(typeof key === 'string' ? KEYS[key] : key.text);
        // Wait for the re-render (if the key causes one) and the effects after it, so the next
        // key reaches handlers that saw the new state.
        for (let spins = 0; spins < 20 && instance.frames.length === framesBefore; spins++) await tick();
        await tick();
        await tick();
      }
    },
    /** Polls until the frame contains `text` (or the predicate holds); fails with the last frame. */
    async waitForFrame(text: string | ((frame: string) => boolean), timeoutMs = WAIT_BOUND_MS) {
      const matches = typeof text === 'string' ? (f: string) => f.includes(text) : text;
      // performance.now(), not Date: a test may fake the date to move the screen's clock.
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        if (matches(frame())) return frame();
        await tick();
      }
      throw new Error(
        `frame never showed ${typeof text === 'string' ? JSON.stringify(text) : 'the expected state'}:\n${frame()}`,
      );
    },
  };
}

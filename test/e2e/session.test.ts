// A whole session the way people work: every screen entered twice, and keys that arrive in one
// burst (one write, as over SSH) each applied, in order, to the state the previous one produced.
import { describe, expect, it } from 'vitest';
import { exitStatusOf, startApp } from '../support/app-terminal.js';
import { useMoto } from '../support/aws.js';
import { BYTES, TERMINAL_TEST_TIMEOUT, type TerminalSession } from '../support/tmux.js';

const WIZARD_STEPS = 15;
// Generous: the machine may be loaded; every wait ends as soon as the screen shows the text.
const AWS_WAIT = 90_000;
const SCREEN_WAIT = 30_000;

const openApp = (motoUrl: string) => startApp([], motoUrl, { columns: 100, rows: 30 });

/** A wizard step whose list (if any) has arrived. */
const stepShown = (step: number) => new RegExp(`step ${step} of ${WIZARD_STEPS}\\b(?![\\s\\S]*Loading)`);

function quit(terminal: TerminalSession): Promise<number | undefined> {
  terminal.press('q');
  return exitStatusOf(terminal, SCREEN_WAIT);
}

describe('one app session in a real terminal', () => {
  const moto = useMoto();

  it(
    'reviews, goes back and reviews again: the second plan arrives too',
    async () => {
      const terminal = openApp(moto.url);
      try {
        await terminal.waitFor('❯ Create a cluster', SCREEN_WAIT);
        terminal.press('Enter');
        for (let step = 1; step <= WIZARD_STEPS; step++) {
          await terminal.waitFor(stepShown(step), AWS_WAIT);
          terminal.press('Enter');
        }
        await terminal.waitFor('Cost ≈', AWS_WAIT);
        terminal.press('Escape');
        await terminal.waitFor(stepShown(WIZARD_STEPS), SCREEN_WAIT);
        terminal.press('Enter');
        // Before the fix the second review stayed on "Planning…" for good.
        const second = await terminal.waitFor('Cost ≈', AWS_WAIT);
        expect(second).not.toContain('Planning');
        expect(await quit(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    'opens the cleanup twice: the second scan finishes too',
    async () => {
      const terminal = openApp(moto.url);
      try {
        await terminal.waitFor('❯ Create a cluster', SCREEN_WAIT);
        terminal.press('Down', 'Down');
        await terminal.waitFor('❯ Cleanup', SCREEN_WAIT);
        terminal.press('Enter');
        await terminal.waitFor('No orphans in us-west-2', AWS_WAIT);
        terminal.press('Escape');
        await terminal.waitFor('❯ Cleanup', SCREEN_WAIT);
        terminal.press('Enter');
        // Before the fix the second scan stayed on "Scanning…" for good.
        await terminal.waitFor('No orphans in us-west-2', AWS_WAIT);
        expect(await quit(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    'applies every key of a burst, in order, to the state the previous key produced',
    async () => {
      const terminal = openApp(moto.url);
      try {
        await terminal.waitFor('❯ Create a cluster', SCREEN_WAIT);
        // Down Enter: the Inventory, not Create.
        terminal.burst(BYTES.down + BYTES.enter);
        await terminal.waitFor(/0 clusters and 0 orphans/, AWS_WAIT);
        terminal.press('Escape');
        // Home remembers the row it left.
        await terminal.waitFor('❯ Inventory', SCREEN_WAIT);
        terminal.burst(BYTES.up + BYTES.enter);
        await terminal.waitFor(stepShown(1), AWS_WAIT);
        // Text then Enter: the name is taken and the region step follows.
        terminal.burst(`tui${BYTES.enter}`);
        await terminal.waitFor(stepShown(2), AWS_WAIT);
        expect(terminal.screen()).toMatch(/^tui · /m);
        // Enter Enter: two steps (region, zone) accepted.
        terminal.burst(BYTES.enter + BYTES.enter);
        await terminal.waitFor(stepShown(4), AWS_WAIT);
        // j Enter: the operating system below the current one.
        terminal.burst(`j${BYTES.enter}`);
        await terminal.waitFor(stepShown(5), SCREEN_WAIT);
        expect(terminal.screen()).toMatch(/^tui · us-west-2\w · ubuntu-22.04 /m);
        // Esc Esc Esc: three steps back, not two.
        terminal.burst(BYTES.escape + BYTES.escape + BYTES.escape);
        await terminal.waitFor(/step 2 of 15\b/, SCREEN_WAIT);
        // Esc Esc: back on Home.
        terminal.burst(BYTES.escape + BYTES.escape);
        await terminal.waitFor('❯ Create a cluster', SCREEN_WAIT);
        expect(await quit(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );
});

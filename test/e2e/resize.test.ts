// Terminal hygiene: a resized terminal shows the frame once, redrawn at the new size, with no stale
// copies of the old one above or beside it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { motoUrl } from '../support/aws.js';
import { cliPath } from '../support/cli.js';
import { startInTerminal, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

const SCREEN_WAIT = 60_000;
const count = (screen: string, text: string) => screen.split(text).length - 1;

describe('resizing the terminal', () => {
  it(
    'redraws Home once at each new size: narrower, shorter, wider',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'kube-tui-resize-'));
      const terminal = startInTerminal([process.execPath, cliPath, '--endpoint', motoUrl()], {
        env: {
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
        },
        columns: 100,
        rows: 30,
      });
      try {
        await terminal.waitFor(/account \d{12}/, SCREEN_WAIT);
        for (const [columns, rows] of [
          [60, 20],
          [44, 16],
          [100, 30],
          [70, 24],
        ] as const) {
          terminal.resize(columns, rows);
          // The frame at the new width: its footer fits (or wraps) there, and appears once.
          const screen = await terminal.waitFor(
            (shown) => count(shown, 'Create a cluster') === 1 && count(shown, 'kube-tui ·') === 1,
            SCREEN_WAIT,
          );
          expect(count(screen, 'Inventory')).toBe(1);
          expect(count(screen, 'Cleanup')).toBe(1);
          // It stays that way: no late copy drawn by a throttled render.
          terminal.press('j');
          const moved = await terminal.waitFor('❯ Inventory', SCREEN_WAIT);
          expect(count(moved, 'Create a cluster')).toBe(1);
          expect(count(moved, 'kube-tui ·')).toBe(1);
          terminal.press('k');
          await terminal.waitFor('❯ Create a cluster', SCREEN_WAIT);
        }
        terminal.press('q');
        const deadline = Date.now() + SCREEN_WAIT;
        while (!terminal.exited() && Date.now() < deadline)
          await new Promise((done) => setTimeout(done, 100));
        expect(terminal.exitStatus()).toBe(0);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );
});

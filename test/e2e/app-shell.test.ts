import { describe, expect, it } from 'vitest';
import { exitStatusOf, startApp } from '../support/app-terminal.js';
import { motoUrl } from '../support/aws.js';
import { TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

describe('the interactive app in a real terminal', () => {
  it(
    'opens the home screen against the emulator and quits with q',
    async () => {
      const terminal = startApp([], motoUrl(), { columns: 80, rows: 24 });
      try {
        const screen = await terminal.waitFor('Create a cluster');
        expect(screen).toContain('Inventory');
        expect(screen).toContain('Cleanup');
        expect(screen).toContain('emulator');
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
        expect(terminal.exited()).toBe(true);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    'TERM=dumb: no full-screen app; the line mode is named instead, exit 2',
    async () => {
      const terminal = startApp([], motoUrl(), { env: { TERM: 'dumb' }, columns: 80, rows: 24 });
      try {
        expect(await exitStatusOf(terminal)).toBe(2);
        const printed = terminal.transcript().replace(/\s+/g, ' ');
        expect(printed).toContain('needs an interactive terminal');
        expect(printed).toContain('kube-tui up --yes');
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    'honours NO_COLOR: glyphs and words, no colour codes',
    async () => {
      const colourCodes = /\u001B\[[0-9;]*3[0-7]m|\u001B\[[0-9;]*38;/;
      const run = (env: Record<string, string>) =>
        startApp([], motoUrl(), { env: { TERM: 'xterm-256color', ...env }, columns: 80, rows: 24 });
      const coloured = run({});
      const plain = run({ NO_COLOR: '1' });
      try {
        await coloured.waitFor('Create a cluster');
        await plain.waitFor('Create a cluster');
        // The selected item is coloured by default: the test proves it can tell.
        expect(coloured.screenWithEscapes()).toMatch(colourCodes);
        expect(plain.screenWithEscapes()).not.toMatch(colourCodes);
        expect(plain.screen()).toContain('❯ Create a cluster');
      } finally {
        coloured.kill();
        plain.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );
});

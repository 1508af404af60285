import { describe, expect, it } from 'vitest';
import { motoUrl } from '../support/aws.js';
import { cliPath } from '../support/cli.js';
import { startInTerminal, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

describe('the interactive app in a real terminal', () => {
  it(
    'opens the home screen against the emulator and quits with q',
    async () => {
      const terminal = startInTerminal([process.execPath, cliPath, '--endpoint', motoUrl()], {
        env: { HOME: process.env.HOME ?? '', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
        columns: 80,
        rows: 24,
      });
      try {
        const screen = await terminal.waitFor('Create a cluster');
        expect(screen).toContain('Inventory');
        expect(screen).toContain('Cleanup');
        expect(screen).toContain('emulator');
        terminal.press('q');
        const deadline = Date.now() + 30_000;
        while (!terminal.exited() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
        expect(terminal.exited()).toBe(true);
        expect(terminal.exitStatus()).toBe(0);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    'TERM=dumb: no full-screen app; the line mode is named instead, exit 2',
    async () => {
      const terminal = startInTerminal([process.execPath, cliPath, '--endpoint', motoUrl()], {
        env: {
          HOME: process.env.HOME ?? '',
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          TERM: 'dumb',
        },
        columns: 80,
        rows: 24,
      });
      try {
        await terminal.waitFor('needs an interactive terminal');
        expect(terminal.screen().replace(/\s+/g, ' ')).toContain('kube-tui up --yes');
        const deadline = Date.now() + 30_000;
        while (!terminal.exited() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
        expect(terminal.exitStatus()).toBe(2);
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
        startInTerminal([process.execPath, cliPath, '--endpoint', motoUrl()], {
          env: {
            HOME: process.env.HOME ?? '',
            AWS_ACCESS_KEY_ID: 'testing',
            AWS_SECRET_ACCESS_KEY: 'testing',
            TERM: 'xterm-256color',
            ...env,
          },
          columns: 80,
          rows: 24,
        });
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

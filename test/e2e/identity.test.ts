// Identity first: the header names the account; without credentials the app says so in full and
// offers nothing but retry and quit.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { motoUrl } from '../support/aws.js';
import { cliPath } from '../support/cli.js';
import { startInTerminal, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

const SCREEN_WAIT = 60_000;

describe('who the credentials are, in an 80x24 terminal against the emulator', () => {
  it(
    'with no credentials anywhere: the whole message, wrapped; Enter does nothing, q leaves with exit 3',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'kube-tui-no-credentials-'));
      const terminal = startInTerminal([process.execPath, cliPath, '--endpoint', motoUrl()], {
        env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), AWS_EC2_METADATA_DISABLED: 'true' },
        // The test process has fake keys (test/support/setup.ts): the app must not see them.
        unset: [
          'AWS_ACCESS_KEY_ID',
          'AWS_SECRET_ACCESS_KEY',
          'AWS_SESSION_TOKEN',
          'AWS_PROFILE',
          'AWS_CONFIG_FILE',
          'AWS_SHARED_CREDENTIALS_FILE',
          'AWS_WEB_IDENTITY_TOKEN_FILE',
          'AWS_CONTAINER_CREDENTIALS_FULL_URI',
          'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
        ],
        columns: 80,
        rows: 24,
      });
      try {
        const screen = await terminal.waitFor('AWS did not accept any credentials', SCREEN_WAIT);
        expect(screen).toContain('emulator · no credentials');
        expect(screen).toContain('AWS did not accept any credentials (profile default)');
        expect(screen.replace(/\s+/g, ' ')).toContain('export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.');
        expect(screen).toContain('r try the credentials again');
        expect(screen).not.toContain('Create a cluster');
        // Enter would have opened the wizard on Home: here it does nothing.
        terminal.press('Enter');
        terminal.press('r');
        await terminal.waitFor('AWS did not accept any credentials', SCREEN_WAIT);
        expect(terminal.screen()).not.toMatch(/step 1 of/);
        terminal.press('q');
        const deadline = Date.now() + SCREEN_WAIT;
        while (!terminal.exited() && Date.now() < deadline)
          await new Promise((done) => setTimeout(done, 100));
        expect(terminal.exitStatus()).toBe(3);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    'with credentials: Home at once, then the account and where the keys come from in the header (100 columns)',
    async () => {
      const terminal = startInTerminal([process.execPath, cliPath, '--endpoint', motoUrl()], {
        env: { HOME: process.env.HOME ?? '', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
        unset: ['AWS_PROFILE'],
        columns: 100,
        rows: 30,
      });
      try {
        // moto's default account.
        const screen = await terminal.waitFor('account 123456789012', SCREEN_WAIT);
        expect(screen).toContain('account 123456789012 · env keys');
        expect(screen).toContain('❯ Create a cluster');
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

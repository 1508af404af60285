import { describe, expect, it } from 'vitest';
import { motoUrl } from '../support/aws.js';
import { cliPath } from '../support/cli.js';
import { hasTmux, startInTerminal } from '../support/tmux.js';

describe.runIf(hasTmux())('the interactive app in a real terminal', () => {
  it('opens the home screen against the emulator and quits with q', async () => {
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
      const deadline = Date.now() + 10_000;
      while (!terminal.exited() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
      expect(terminal.exited()).toBe(true);
      expect(terminal.exitStatus()).toBe(0);
    } finally {
      terminal.kill();
    }
  });
});

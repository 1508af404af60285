// A paused or failing endpoint never shows a silent spinner: the running step says each retry as
// it happens and how long a call has had no answer, and the live part counts steps and time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { cliPath } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { startInTerminal, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

const WIZARD_STEPS = 15;
// Bounds for a loaded machine; each wait ends as soon as the screen shows the text.
const AWS_WAIT = 180_000;

describe('liveness of the create checklist, in an 80x24 terminal', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it(
    'shows "retrying 2/3: ECONNRESET" and "no answer for N s" on the step whose calls fail and hang',
    async () => {
      // Step 2's first GetRole loses its connection (the SDK retries it); every GetRole after it,
      // that retry included, is never answered: an endpoint that paused.
      proxy = await startFaultProxy({
        target: moto.url,
        rules: [
          { service: 'iam', action: 'GetRole', error: 'dropBefore', times: 1 },
          { service: 'iam', action: 'GetRole', error: 'hang' },
        ],
      });
      const home = mkdtempSync(join(tmpdir(), 'kube-tui-liveness-'));
      const terminal = startInTerminal([process.execPath, cliPath, 'up', '--endpoint', proxy.url], {
        env: {
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_MAX_ATTEMPTS: '3',
          SSH_CIDR: '203.0.113.7/32',
          HTTP_API_CIDR: '203.0.113.7/32',
          // Say "no answer" after 1 s instead of 30 s, and never give up on the hung call here.
          KUBE_TUI_NO_ANSWER_NOTICE_MS: '1000',
          KUBE_TUI_REQUEST_TIMEOUT_MS: '600000',
        },
        columns: 80,
        rows: 24,
      });
      try {
        for (let step = 1; step <= WIZARD_STEPS; step++) {
          await terminal.waitFor(new RegExp(`step ${step} of ${WIZARD_STEPS}(?![\\s\\S]*Loading)`), AWS_WAIT);
          terminal.press('Enter');
        }
        await terminal.waitFor('Cost ≈', AWS_WAIT);
        terminal.press('Enter');
        const retrying = await terminal.waitFor(/retrying 2\/3: ECONNRESET \(iam:GetRole\)/, AWS_WAIT);
        expect(retrying).toMatch(/Create IAM roles/);
        const silent = await terminal.waitFor(/no answer for [1-9]\d* s/, AWS_WAIT);
        // The live part's first line: steps done of all, and the time since the run started.
        expect(silent).toMatch(/\d+\/12 steps done · \d+s elapsed/);
        // The count follows the terminal's clock: it goes up while the call stays unanswered.
        const first = Number(/no answer for (\d+) s/.exec(silent)![1]);
        await terminal.waitFor(
          (screen: string) => Number(/no answer for (\d+) s/.exec(screen)?.[1] ?? 0) > first,
          AWS_WAIT,
        );
        // Ctrl+C stops the run (the hung calls are aborted), the second one leaves.
        terminal.press('C-c');
        await terminal.waitFor('Stopped', AWS_WAIT);
        terminal.press('C-c');
        const deadline = Date.now() + AWS_WAIT;
        while (!terminal.exited() && Date.now() < deadline)
          await new Promise((done) => setTimeout(done, 100));
        expect(terminal.exitStatus()).toBe(130);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );
});

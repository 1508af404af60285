import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { motoUrl } from '../support/aws.js';
import { cliPath, projectRoot } from '../support/cli.js';
import { startInTerminal, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

/** The source of every dist/ module the traced process has loaded so far. */
function loadedDistSource(traceFile: string): string {
  if (!existsSync(traceFile)) return '';
  return [...new Set(readFileSync(traceFile, 'utf8').trim().split('\n'))]
    .filter((url) => url.includes('/dist/'))
    .map((url) => readFileSync(new URL(url), 'utf8'))
    .join('\n');
}

describe('start-up of the interactive app', () => {
  it(
    'draws the home screen without loading the AWS SDK, which comes once the create flow starts',
    async () => {
      const traceFile = join(mkdtempSync(join(tmpdir(), 'kube-tui-trace-')), 'imports.txt');
      const terminal = startInTerminal(
        [
          process.execPath,
          '--import',
          join(projectRoot, 'test/support/trace-imports.mjs'),
          cliPath,
          '--endpoint',
          motoUrl(),
        ],
        {
          env: {
            HOME: process.env.HOME ?? '',
            AWS_ACCESS_KEY_ID: 'testing',
            AWS_SECRET_ACCESS_KEY: 'testing',
            TRACE_IMPORTS_FILE: traceFile,
          },
          columns: 80,
          rows: 24,
        },
      );
      try {
        await terminal.waitFor('Create a cluster');
        // Booleans, not the sources: a failure would otherwise print megabytes of bundle.
        const beforeCreate = loadedDistSource(traceFile);
        expect(beforeCreate.includes('yoga'), 'Ink (its layout engine) drew the frame').toBe(true);
        expect(beforeCreate.includes('EC2Client'), 'no SDK client before the first frame').toBe(false);
        expect(beforeCreate.includes('smithy'), 'no SDK core before the first frame').toBe(false);

        // The check can tell: choosing Create loads the engine, and with it the SDK.
        terminal.press('Enter');
        const deadline = Date.now() + 20_000;
        while (!loadedDistSource(traceFile).includes('EC2Client') && Date.now() < deadline) {
          await new Promise((done) => setTimeout(done, 100));
        }
        expect(loadedDistSource(traceFile).includes('EC2Client'), 'the SDK once Create is chosen').toBe(true);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );
});

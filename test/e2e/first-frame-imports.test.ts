import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { motoUrl } from '../support/aws.js';
import { cliPath, projectRoot } from '../support/cli.js';
import { startInTerminal, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

/** The source of every dist/ module the traced process loaded, before its first frame and in all. */
function loadedDistSource(traceFile: string): { beforeFrame: string; all: string; framed: boolean } {
  if (!existsSync(traceFile)) return { beforeFrame: '', all: '', framed: false };
  const lines = readFileSync(traceFile, 'utf8').trim().split('\n');
  const frameAt = lines.indexOf('first-frame');
  const source = (urls: string[]) =>
    [...new Set(urls)]
      .filter((url) => url.includes('/dist/'))
      .map((url) => readFileSync(new URL(url), 'utf8'))
      .join('\n');
  return {
    beforeFrame: source(frameAt < 0 ? lines : lines.slice(0, frameAt)),
    all: source(lines.filter((line) => line !== 'first-frame')),
    framed: frameAt >= 0,
  };
}

describe('start-up of the interactive app', () => {
  it(
    'draws the home screen without loading the AWS SDK, which comes after it, for the account in the header',
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
            FIRST_FRAME_TEXT: 'Create a cluster',
          },
          columns: 80,
          rows: 24,
        },
      );
      try {
        await terminal.waitFor('Create a cluster');
        const first = loadedDistSource(traceFile);
        expect(first.framed, 'the trace marks the first frame').toBe(true);
        // Booleans, not the sources: a failure would otherwise print megabytes of bundle.
        expect(first.beforeFrame.includes('yoga'), 'Ink (its layout engine) drew the frame').toBe(true);
        expect(first.beforeFrame.includes('EC2Client'), 'no SDK client before the first frame').toBe(false);
        expect(first.beforeFrame.includes('smithy'), 'no SDK core before the first frame').toBe(false);

        // The check can tell: right after the first frame the app resolves the caller's identity,
        // which loads the engine and with it the SDK; the header then names the account.
        await terminal.waitFor(/account \d{12}/);
        expect(loadedDistSource(traceFile).all.includes('EC2Client'), 'the SDK after the first frame').toBe(
          true,
        );
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );
});

// Starts one moto server per test worker before any file runs and stops them at the end. Every
// temporary file of the run (test homes, keys, kubeconfigs, package repositories, moto's own) goes
// under one directory, removed at the end, so a run leaves nothing behind in /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { TEST_WORKERS } from '../../vitest.config.js';
import { ensureMotoPython, type MotoServer, startMoto } from './moto.js';
import { requireTmux } from './tmux.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoUrls: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A missing tool fails the run, naming it; nothing is skipped.
  requireTmux();
  // Set before moto starts and before the workers fork: they inherit it, and os.tmpdir() reads it.
  const runTmp = mkdtempSync(join(tmpdir(), 'kt-run-'));
  process.env.TMPDIR = runTmp;
  const python = ensureMotoPython((line) => console.log(line));
  const servers: MotoServer[] = await Promise.all(
    Array.from({ length: TEST_WORKERS }, () => startMoto({ python })),
  );
  project.provide(
    'motoUrls',
    servers.map((server) => server.url),
  );
  return async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(runTmp, { recursive: true, force: true });
  };
}

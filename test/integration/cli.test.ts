import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, projectRoot, runCli } from '../support/cli.js';

const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));

describe('kube-tui command line', () => {
  it('--help lists every command and global flag, one line each, and exits 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['up', 'inventory', 'down', 'cleanup']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} \\[options\\]\\s+\\S`, 'm'));
    }
    for (const flag of ['--region <region>', '--profile <name>', '--endpoint <url>', '--help', '--version']) {
      expect(stdout).toContain(flag);
    }
  });

  it('each command has help with its flags', async () => {
    const up = await runCli(['up', '--help']);
    expect(up.code).toBe(0);
    for (const flag of [
      '--yes',
      '--dry-run',
      '--json',
      '--cluster',
      '--zone',
      '--master-size',
      '--node-size',
      '--nodes',
      '--vpc-id',
    ]) {
      expect(up.stdout).toContain(flag);
    }
    expect(up.stdout).toContain('--endpoint');
    const down = await runCli(['down', '--help']);
    expect(down.stdout).toContain('--cluster <name>');
    expect(down.stdout).toContain('--dry-run');
    const inventory = await runCli(['inventory', '--help']);
    expect(inventory.stdout).toContain('--all-regions');
    const cleanup = await runCli(['cleanup', '--help']);
    expect(cleanup.stdout).toContain('--orphans');
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(pkg.version);
  });

  it('an unknown command is bad usage: a clear message and exit 2', async () => {
    const { code, stderr } = await runCli(['deploy']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'deploy'");
  });

  it('an unknown flag is bad usage: exit 2', async () => {
    const { code, stderr } = await runCli(['up', '--colour', 'blue']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--colour'");
  });

  it('down without --cluster is bad usage: exit 2', async () => {
    const { code, stderr } = await runCli(['down', '--yes']);
    expect(code).toBe(2);
    expect(stderr).toContain('--cluster');
  });

  it('an invalid --region is bad usage: exit 2', async () => {
    const { code, stderr } = await runCli(['--region', 'mars-north-1x']);
    expect(code).toBe(2);
    expect(stderr).toContain('--region mars-north-1x');
  });

  it('without a terminal the interactive app refuses to prompt, says what to run, exits 2', async () => {
    const { code, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stderr).toContain('needs an interactive terminal');
    expect(stderr).toContain('kube-tui up --yes');
  });

  it('--help and --version load neither Ink nor any AWS SDK client', async () => {
    for (const args of [['--help'], ['--version']]) {
      const traceFile = join(mkdtempSync(join(tmpdir(), 'kube-tui-trace-')), 'imports.txt');
      const { spawnSync } = await import('node:child_process');
      const result = spawnSync(
        process.execPath,
        ['--import', join(projectRoot, 'test/support/trace-imports.mjs'), cliPath, ...args],
        { env: { ...process.env, TRACE_IMPORTS_FILE: traceFile }, encoding: 'utf8' },
      );
      expect(result.status).toBe(0);
      const loaded = readFileSync(traceFile, 'utf8').trim().split('\n');
      const source = loaded
        .filter((url) => url.includes('/dist/'))
        .map((url) => readFileSync(new URL(url), 'utf8'))
        .join('\n');
      expect(loaded.some((url) => url.endsWith('/dist/cli.js'))).toBe(true);
      expect(source).not.toContain('EC2Client');
      expect(source).not.toContain('smithy');
      expect(source).not.toMatch(/yoga|useInput/);
    }
  });
});

// `up` as a new process: its first AWS call is who the caller is, sent from STS's own small client
// while the rest of the SDK (EC2's client alone is most of it) is still loading, and asked once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { projectRoot, runCli } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';

const CHUNKS = join(projectRoot, 'dist', 'chunks');

/** The chunk a dynamic import of `name` (e.g. 'caller') loads, and every chunk it imports statically. */
function staticClosure(name: string): { files: string[]; source: string } {
  const entry = readdirSync(CHUNKS).find((file) => file.startsWith(`${name}-`) && file.endsWith('.js'));
  if (!entry) throw new Error(`no dist/chunks/${name}-*.js: was the build run?`);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(CHUNKS, file), 'utf8');
    // Static imports only (`import{a}from"./x.js"`, `import"./x.js"`): a dynamic import() loads later.
    for (const match of source.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(match[1]!);
  };
  visit(entry);
  const files = [...seen];
  return { files, source: files.map((file) => readFileSync(join(CHUNKS, file), 'utf8')).join('\n') };
}

describe('up from a cold process', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('asks STS who the caller is first, with code that holds no EC2 client, and only once', async () => {
    const first = staticClosure('caller');
    // Booleans, not the sources: a failure would otherwise print megabytes of bundle.
    expect(first.source.includes('GetCallerIdentity'), 'the STS client is in it').toBe(true);
    expect(first.source.includes('EC2Client'), 'no EC2 client before the first call').toBe(false);
    expect(staticClosure('engine').source.includes('EC2Client'), 'the check can tell').toBe(true);

    proxy = await startFaultProxy({ target: moto.url });
    const { code, stderr } = await runCli([
      'up',
      '--dry-run',
      '--endpoint',
      proxy.url,
      '--ssh-cidr',
      '203.0.113.7/32',
      '--api-cidr',
      '203.0.113.7/32',
    ]);
    expect(code, stderr).toBe(0);
    const records = proxy.records();
    expect(records[0]?.key).toBe('sts:GetCallerIdentity');
    expect(proxy.counts()['sts:GetCallerIdentity']).toBe(1);
  });
});

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir } from '../../src/local/paths.js';
import { createChoiceStore } from '../../src/local/store.js';
import { DEFAULT_CONFIG } from '../../src/model/config.js';
import { resolveOptions } from '../../src/model/options.js';

describe('remembered wizard choices', () => {
  it('are kept in the config directory under the test HOME, private, without the SSH key path', () => {
    const env = { ...process.env, KUBE_TUI_CONFIG_DIR: join(process.env.HOME ?? '', 'store-a') };
    const store = createChoiceStore(env);
    expect(store.load()).toBeUndefined();
    store.save({ ...DEFAULT_CONFIG, name: 'demo', nodes: 4, sshKey: '/secret/key' });
    const file = join(configDir(env), 'wizard.json');
    expect(file.startsWith(process.env.HOME ?? '/nowhere')).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('/secret/key');
    const again = createChoiceStore(env).load();
    expect(again).toMatchObject({ name: 'demo', nodes: 4 });
    expect(again).not.toHaveProperty('sshKey');
    const resolved = resolveOptions({ flags: {}, env: {}, remembered: again });
    expect(resolved.config.name).toBe('demo');
    expect(resolved.sources.name).toBe('remembered');
  });

  it('keep every answer the wizard asks, a list of node zones too, and give way when it no longer fits', () => {
    const env = { ...process.env, KUBE_TUI_CONFIG_DIR: join(process.env.HOME ?? '', 'store-c') };
    createChoiceStore(env).save({ ...DEFAULT_CONFIG, sshKey: '/k', nodeZones: ['a', 'b'] });
    const again = createChoiceStore(env).load();
    expect(again).toMatchObject({ zone: 'us-west-2a', nodeZones: ['a', 'b'] });
    expect(resolveOptions({ flags: {}, env: {}, remembered: again }).config.nodeZones).toEqual(['a', 'b']);
    // Next time the master is in c: the list without c is set aside, not refused.
    const moved = resolveOptions({ flags: {}, env: { KUBE_AWS_ZONE: 'us-west-2c' }, remembered: again });
    expect(moved.config.nodeZones).toBeUndefined();
    expect(moved.notices.join('\n')).toMatch(/remembered node zones a,b not used/);

    // A file edited by hand: a list of anything but text is nothing remembered.
    writeFileSync(
      join(configDir(env), 'wizard.json'),
      JSON.stringify({ choices: { nodeZones: ['a', 2], nodes: 3 } }),
    );
    expect(createChoiceStore(env).load()).toEqual({ nodes: 3 });
  });

  it('treat an unreadable file as nothing remembered', () => {
    const dir = join(process.env.HOME ?? '', 'store-b');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'wizard.json'), '{ not json');
    const store = createChoiceStore({ ...process.env, KUBE_TUI_CONFIG_DIR: dir });
    expect(store.load()).toBeUndefined();
    store.save({ ...DEFAULT_CONFIG, sshKey: '/k' });
    expect(existsSync(join(dir, 'wizard.json'))).toBe(true);
    expect(store.load()).toMatchObject({ name: 'kubernetes' });
  });
});

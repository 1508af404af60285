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

// The root disks on the screens: the wizard's advanced part asks their type and size, the review
// names them on the master's and the nodes' lines, and the estimate prices them.
import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app.js';
import { createFakeEngine } from '../support/fake-engine.js';
import { renderScreen } from '../support/ink.js';

vi.mock('ink-spinner', async () => {
  const { Text } = await import('ink');
  return { default: () => createElement(Text, null, '◐') };
});

describe('root disks on the screens', () => {
  it('are asked in the advanced part, shown on the review and priced in the estimate', async () => {
    const fake = createFakeEngine();
    const app = renderScreen(
      <App
        target="us-west-2"
        initialScreen="create"
        loadEngine={fake.loadEngine}
        env={{ HOME: process.env.HOME ?? '/tmp', NODE_ROOT_DISK_TYPE: 'gp2' }}
      />,
    );
    // Every main step with Enter, up to the advanced choice.
    for (;;) {
      const frame = await app.waitForFrame((text) => /step \d+ of/.test(text) && !text.includes('Loading'));
      if (frame.includes('Network and access')) break;
      await app.press('enter');
    }
    expect(app.frame()).toContain('root disks gp3 32 GiB (master), gp2 32 GiB (nodes)');
    await app.press('down');
    await app.press('enter');
    // The advanced steps: the network's kept, the master's root disk type (gp3) kept, its size
    // typed, the nodes' kept.
    for (;;) {
      const frame = await app.waitForFrame((text) => /\d+ of \d+/.test(text) && !text.includes('Loading'));
      if (frame.includes('Master root disk type')) break;
      await app.press('enter');
    }
    await app.press('enter');
    await app.waitForFrame('Master root disk size (GiB)');
    await app.press({ text: '40' });
    await app.press('enter');
    const nodeType = await app.waitForFrame('Node root disk type');
    expect(nodeType).toContain('from NODE_ROOT_DISK_TYPE');
    await app.press('enter');
    await app.waitForFrame('Node root disk size (GiB)');
    await app.press('enter');
    for (;;) {
      const frame = await app.waitForFrame((text) => text.includes('Cost ≈') || /\d+ of \d+/.test(text));
      if (frame.includes('Cost ≈')) break;
      await app.press('enter');
    }
    const review = app.frame();
    expect(fake.planned.at(-1)).toMatchObject({
      masterRootDiskType: 'gp3',
      masterRootDiskSize: 40,
      nodeRootDiskType: 'gp2',
      nodeRootDiskSize: 32,
    });
    expect(review).toContain('root gp3 40 GiB');
    expect(review).toContain('root gp2 32 GiB · public IPv4 each');
    // 3 × t3.medium, 20 GiB gp3 etcd, root 40 GiB gp3 + 2 × 32 GiB gp2, 3 public IPv4:
    // 0.1248 + (1.6 + 3.2 + 6.4) / 730 + 0.015 = $0.15514/hour, $113.25/month.
    expect(review).toContain('Cost ≈ $0.155/hour · $113.25/month');
    expect(review).toContain('; traffic extra');
    app.unmount();
  });
});

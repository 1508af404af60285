// Nodes in more zones on the screens: the wizard's advanced part asks for the zones (refusing zones
// to add, which is a command), the review counts --nodes per zone, gives each zone's subnet, names
// each zone's subnet, template and group in the steps, and prices every zone's nodes.
import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app.js';
import { type ClusterConfig, DEFAULT_CONFIG } from '../../src/model/config.js';
import { Review } from '../../src/screens/Review.js';
import { createFakeEngine, fakePlan } from '../support/fake-engine.js';
import { renderScreen } from '../support/ink.js';

vi.mock('ink-spinner', async () => {
  const { Text } = await import('ink');
  return { default: () => createElement(Text, null, '◐') };
});

const config = (extra: Partial<ClusterConfig>): ClusterConfig => ({
  ...DEFAULT_CONFIG,
  sshKey: '/home/tester/.ssh/kube_aws_rsa',
  ...extra,
});

/** The frame's text with its line breaks as spaces: long facts and messages wrap. */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

function review(plan: ReturnType<typeof fakePlan>) {
  return renderScreen(
    <Review
      target="us-west-2"
      review={{ request: 1, scroll: 0, status: 'ready', plan }}
      notices={[]}
      rows={60}
      columns={100}
    />,
  );
}

describe('node zones on the screens', () => {
  it("shows each zone's subnet and group on the review, and prices every zone's nodes", async () => {
    const app = review(fakePlan(config({ nodeZones: ['a', 'b', 'c'] })));
    const frame = await app.waitForFrame('Cost ≈');
    expect(frame).toContain(
      '2 × t3.medium (2 vCPU, 4096 MiB) · in each of 3 zones: us-west-2a, b, c (6 nodes)',
    );
    expect(flat(frame)).toContain('subnet 172.20.0.0/24 · b: subnet 172.20.2.0/24 · c: subnet 172.20.3.0/24');
    expect(frame).toContain('kubernetes-subnet-us-west-2b subnet');
    expect(frame).toContain('kubernetes-subnet-us-west-2c subnet');
    expect(frame).toContain('kubernetes-minion-group launch-template + auto-scaling-group');
    expect(frame).toContain('kubernetes-minion-group-us-west-2b launch-template + auto-scaling-group');
    expect(frame).toContain('kubernetes-minion-group-us-west-2c launch-template + auto-scaling-group');
    // 7 × t3.medium, 20 GiB gp3 etcd, 7 × 32 GiB gp3 root, 7 public IPv4:
    // 0.2912 + (1.6 + 17.92) / 730 + 0.035 = $0.35294/hour.
    expect(frame).toContain('Cost ≈ $0.353/hour');
    app.unmount();

    const one = review(fakePlan(config({})));
    const single = await one.waitForFrame('Cost ≈');
    expect(single).not.toContain('zones:');
    expect(single).not.toContain('minion-group-us-west-2');
    // 3 × t3.medium: 0.1248 + (1.6 + 7.68) / 730 + 0.015 = $0.15251/hour.
    expect(single).toContain('Cost ≈ $0.153/hour');
    one.unmount();
  });

  it('asks for the zones in the advanced part, refuses zones to add, and plans the zones typed', async () => {
    const fake = createFakeEngine();
    const app = renderScreen(
      <App
        target="us-west-2"
        initialScreen="create"
        loadEngine={fake.loadEngine}
        env={{ HOME: process.env.HOME ?? '/tmp' }}
      />,
    );
    for (;;) {
      const frame = await app.waitForFrame((text) => /step \d+ of/.test(text) && !text.includes('Loading'));
      if (frame.includes('Network and access')) break;
      await app.press('enter');
    }
    expect(flat(app.frame())).toContain('on-demand nodes · nodes in us-west-2a');
    await app.press('down');
    await app.press('enter');
    for (;;) {
      const frame = await app.waitForFrame((text) => /\d+ of \d+/.test(text) && !text.includes('Loading'));
      if (frame.includes('Node zones')) break;
      await app.press('enter');
    }
    expect(app.frame()).toContain('Zones of us-west-2 with nodes, such as a,b,c');
    await app.press({ text: '+b' });
    await app.press('enter');
    await app.waitForFrame((frame) =>
      flat(frame).includes(
        '✖ adding zones to an existing cluster is a command: kube-tui up --cluster <name> --node-zones +b --yes',
      ),
    );
    for (let i = 0; i < 2; i += 1) await app.press('backspace');
    await app.press({ text: 'b,c' });
    await app.press('enter');
    await app.waitForFrame((frame) =>
      flat(frame).includes("a list with the master's zone us-west-2a (--zone) in it, such as a,b,c"),
    );
    for (let i = 0; i < 3; i += 1) await app.press('backspace');
    await app.press({ text: 'a,c' });
    await app.press('enter');
    for (;;) {
      const frame = await app.waitForFrame((text) => text.includes('Cost ≈') || /\d+ of \d+/.test(text));
      if (frame.includes('Cost ≈')) break;
      await app.press('enter');
    }
    expect(fake.planned.at(-1)).toMatchObject({ nodeZones: ['a', 'c'] });
    expect(flat(app.frame())).toContain('in each of 2 zones: us-west-2a, c (4 nodes)');
    app.unmount();
  });
});

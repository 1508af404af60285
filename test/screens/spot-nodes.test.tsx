// Spot nodes on the review: the Nodes line names the market and the zone's spot price against the
// on-demand table (or "spot price unknown", never $0), and the estimate prices the nodes at it.
import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { type ClusterConfig, DEFAULT_CONFIG } from '../../src/model/config.js';
import { Review } from '../../src/screens/Review.js';
import { fakePlan } from '../support/fake-engine.js';
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

function review(plan: ReturnType<typeof fakePlan>) {
  return renderScreen(
    <Review
      target="us-west-2"
      review={{ request: 1, scroll: 0, status: 'ready', plan }}
      notices={[]}
      rows={40}
      columns={100}
    />,
  );
}

describe('spot nodes on the review', () => {
  it('shows the cap, the spot price now against on-demand, and prices the nodes at it', async () => {
    const plan = { ...fakePlan(config({ nodeSpotPrice: 0.02 })), nodeSpotNowUsd: 0.0125 };
    const app = review(plan);
    const frame = await app.waitForFrame('Cost ≈');
    expect(frame).toContain('spot, max $0.0200/h');
    expect(frame).toContain('spot now $0.0125/h vs on-demand $0.0416/h: −70 %');
    // master 0.0416 + 2 × 0.0125 spot + 20 GiB gp3 etcd + 3 × 32 GiB gp3 root + 3 public IPv4:
    // 0.0666 + (1.6 + 7.68) / 730 + 0.015 = $0.09431/hour.
    expect(frame).toContain('Cost ≈ $0.094/hour');
    expect(frame).toContain("nodes at the zone's spot price now");
    app.unmount();
  });

  it('says the spot price is unknown when it could not be read, and prices the nodes on-demand', async () => {
    const app = review(fakePlan(config({ nodeSpot: true })));
    const frame = await app.waitForFrame('Cost ≈');
    expect(frame).toContain('spot, up to the on-demand price · spot price unknown');
    expect(frame).not.toContain('$0.0000');
    expect(frame).not.toContain('spot price now');
    app.unmount();
  });

  it('says nothing of spot for on-demand nodes but the market', async () => {
    const app = review(fakePlan(config({})));
    const frame = await app.waitForFrame('Cost ≈');
    expect(frame).toContain('public IPv4 each · on-demand');
    expect(frame).not.toMatch(/spot/);
    app.unmount();
  });
});

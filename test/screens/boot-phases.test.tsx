// Validate cluster on real AWS, as the checklist shows it: each instance's boot phases live, then
// a failed phase with its log tail and how to look further.
import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app.js';
import { ClusterValidationError } from '../../src/aws/cluster-validation.js';
import { classifyError } from '../../src/aws/errors.js';
import type { InstanceBootStatus } from '../../src/model/boot-status.js';
import { ProvisionError } from '../../src/model/engine.js';
import { createFakeEngine } from '../support/fake-engine.js';
import { renderScreen } from '../support/ink.js';

vi.mock('ink-spinner', async () => {
  const { Text } = await import('ink');
  return { default: () => createElement(Text, null, '◐') };
});

const TOTAL_STEPS = 15;

const boot = (
  instanceId: string,
  role: 'master' | 'node',
  phase: InstanceBootStatus['phase'],
  phasesDone: InstanceBootStatus['phasesDone'],
  extra: Partial<InstanceBootStatus> = {},
): InstanceBootStatus => ({
  version: 1,
  instanceId,
  role,
  phase,
  phasesDone,
  updatedAt: '2026-11-29T21:00:00Z',
  ...extra,
});

describe('Validate cluster on the checklist', () => {
  it('shows each instance’s boot phases as they change, then a failed phase with its log tail and SSH', async () => {
    const fake = createFakeEngine();
    const app = renderScreen(
      <App
        target="us-west-2"
        initialScreen="create"
        loadEngine={fake.loadEngine}
        env={{ HOME: '/home/me' }}
        onExit={() => {}}
      />,
    );
    for (let number = 1; number <= TOTAL_STEPS; number++) {
      await app.waitForFrame((frame) => frame.includes(`step ${number} of`) && !frame.includes('Loading'));
      await app.press('enter');
    }
    await app.waitForFrame('Cost ≈');
    await app.press('enter');
    const run = await fake.waitForRun(1);

    run.emit({ type: 'step-started', step: 'validate', at: Date.now() });
    run.emit({
      type: 'instance-boot',
      status: boot('i-0master0000000001', 'master', 'kubeadm', ['packages', 'containerd']),
    });
    run.emit({ type: 'instance-boot', status: boot('i-0node00000000001', 'node', 'packages', []) });
    let frame = await app.waitForFrame('i-0node00000000001');
    expect(frame).toContain('master i-0master0000000001 ✔ packages ✔ containerd ▸ kubeadm · addons');
    expect(frame).toContain('node   i-0node00000000001 ▸ packages · containerd · kubeadm · addons');

    // A later status of the same instance replaces its line.
    run.emit({
      type: 'instance-boot',
      status: boot('i-0node00000000001', 'node', 'containerd', ['packages']),
    });
    frame = await app.waitForFrame('node   i-0node00000000001 ✔ packages ▸ containerd');
    expect(frame.match(/i-0node00000000001/g)).toHaveLength(1);

    const failed = boot('i-0node00000000001', 'node', 'failed', ['packages'], {
      failedPhase: 'containerd',
      logTail: ['containerd: command not found'],
    });
    run.emit({ type: 'instance-boot', status: failed });
    const message = [
      'node i-0node00000000001 (172.20.0.21): bootstrap failed in phase containerd; done: packages.',
      'Last lines of its bootstrap log:',
      '  | containerd: command not found',
      'Look further: ssh -i /home/me/.ssh/kube_aws_rsa ubuntu@198.51.100.21',
      '         then: sudo journalctl -u kube-tui-bootstrap.service',
    ].join('\n');
    const error = classifyError(new ClusterValidationError(message));
    run.emit({ type: 'step-failed', step: 'validate', error });
    run.fail(new ProvisionError('validate', error, []));
    frame = await app.waitForFrame('Retry');
    expect(frame).toContain('✖ Step 12 "Validate cluster" failed');
    expect(frame).toContain('node   i-0node00000000001 ✔ packages ✖ containerd · kubeadm · addons');
    expect(frame).toContain('| containerd: command not found');
    expect(frame).toContain('Look further: ssh -i /home/me/.ssh/kube_aws_rsa ubuntu@198.51.100.21');
    expect(frame).toContain('then: sudo journalctl -u kube-tui-bootstrap.service');
    expect(error).toMatchObject({ kind: 'other', retryable: true });
    app.unmount();
  });
});

// A step's calls as the checklist and the plain lines show them: retries and waits until settled.
import { describe, expect, it } from 'vitest';
import { describeCall, formatEvent } from '../../src/commands/lines.js';
import { type ItemStatus, withCall } from '../../src/state/checklist.js';
import { callsText } from '../../src/wording/calls.js';

const running: ItemStatus = { kind: 'running', startedAt: 1_000, resources: [] };
const callsOf = (status: ItemStatus) => (status.kind === 'running' ? status.calls : undefined);

describe('call signals on a running item', () => {
  it('shows the latest retry and the oldest wait, counted on the caller clock, until each call settles', () => {
    let status = withCall(running, {
      kind: 'retry',
      call: 7,
      action: 'ec2:CreateVpc',
      attempt: 3,
      maxAttempts: 8,
      reason: 'ECONNREFUSED',
    });
    expect(callsText(callsOf(status), 5_000)).toBe('retrying 3/8: ECONNREFUSED (ec2:CreateVpc)');
    status = withCall(status, { kind: 'waiting', call: 9, action: 'iam:GetRole', since: 2_000 });
    status = withCall(status, { kind: 'waiting', call: 7, action: 'ec2:CreateVpc', since: 1_500 });
    expect(callsText(callsOf(status), 31_600)).toBe(
      'retrying 3/8: ECONNREFUSED (ec2:CreateVpc) · no answer for 30 s, 2 calls waiting',
    );
    status = withCall(status, { kind: 'settled', call: 7 });
    expect(callsText(callsOf(status), 32_000)).toBe('no answer for 30 s (iam:GetRole)');
    status = withCall(status, { kind: 'settled', call: 9 });
    expect(callsText(callsOf(status), 32_000)).toBeUndefined();
  });

  it('ignores signals for an item that has finished', () => {
    const done: ItemStatus = { kind: 'done', resources: [], elapsedMs: 10 };
    expect(withCall(done, { kind: 'settled', call: 1 })).toBe(done);
  });

  it('prints a line per retry and per wait in the plain output; a settled call prints nothing', () => {
    expect(
      formatEvent({
        type: 'step-call',
        step: 'iam',
        signal: {
          kind: 'retry',
          call: 1,
          action: 'iam:GetRole',
          attempt: 2,
          maxAttempts: 3,
          reason: 'ECONNRESET',
        },
      }),
    ).toBe('[ 2/11] Create IAM roles: ↻ retrying 2/3: ECONNRESET (iam:GetRole)');
    expect(describeCall({ kind: 'waiting', call: 1, action: 'ec2:DescribeVpcs', since: 0 }, 45_400)).toBe(
      '↻ no answer for 45 s (ec2:DescribeVpcs), still waiting',
    );
    expect(
      formatEvent({ type: 'step-call', step: 'vpc', signal: { kind: 'settled', call: 1 } }),
    ).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { idleStretches } from '../../bench/cold.js';
import type { ProxyRecord } from '../../test/support/fault-proxy.js';

const request = (arrivedAt: number, answeredAt: number) => ({ arrivedAt, answeredAt }) as ProxyRecord;

describe("the cold phase's idle time", () => {
  it('adds up the stretches with no request in flight between the first request and the last answer', () => {
    // 0–100 and 50–120 overlap; nothing from 120 to 400; 400–500; nothing from 500 to 520.
    const records = [request(400, 500), request(0, 100), request(50, 120), request(520, 600)];
    expect(idleStretches(records)).toEqual({ idleMs: 280 + 20, largestGapMs: 280 });
    expect(idleStretches([])).toEqual({ idleMs: 0, largestGapMs: 0 });
  });
});

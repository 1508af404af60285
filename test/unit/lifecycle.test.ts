import { describe, expect, it } from 'vitest';
import {
  clusterExpiresAt,
  expiresAtFor,
  isExpired,
  isProtected,
  lifecycleTags,
  parseTtl,
} from '../../src/model/lifecycle.js';
import { parseOptionValue } from '../../src/model/options.js';
import { untagProtectionCommand } from '../../src/wording/command-lines.js';
import { clusterLifecycle, formatTimeLeft, lifecycleLine } from '../../src/wording/lifecycle.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;

describe('the ttl', () => {
  it('reads whole hours and days, in any case, and never', () => {
    expect(parseTtl('8h')).toBe('8h');
    expect(parseTtl(' 24H ')).toBe('24h');
    expect(parseTtl('7d')).toBe('7d');
    expect(parseTtl('365d')).toBe('365d');
    expect(parseTtl('never')).toBeUndefined();
  });

  it('refuses what is not one', () => {
    for (const text of ['', '8', '0h', '1.5h', '-1h', '8m', '3 weeks', '366d', '8h30m', 'h'])
      expect(parseTtl(text), text).toBeNull();
    expect(() => parseOptionValue('ttl', '8x')).toThrow(
      '--ttl 8x: expected a duration in whole hours or days such as 8h, 24h or 7d (at most 365d), or never',
    );
  });

  it('sets an RFC 3339 deadline counted from the plan, and the tags that carry it', () => {
    expect(expiresAtFor('8h', NOW + 123)).toBe('2026-03-01T20:00:00Z');
    expect(expiresAtFor('7d', NOW)).toBe('2026-03-08T12:00:00Z');
    expect(expiresAtFor(undefined, NOW)).toBeUndefined();
    expect(lifecycleTags({ expiresAt: '2026-03-01T20:00:00Z', protect: true })).toEqual({
      'kube-tui/expires-at': '2026-03-01T20:00:00Z',
      'kube-tui/protect': 'true',
    });
    expect(lifecycleTags({ protect: false })).toEqual({});
  });
});

describe('a cluster deadline', () => {
  it('is the earliest readable deadline among its resources', () => {
    expect(
      clusterExpiresAt([
        { tags: { 'kube-tui/expires-at': '2026-03-02T00:00:00Z' } },
        { tags: { 'kube-tui/expires-at': '2026-03-01T18:00:00Z' } },
        { tags: { 'kube-tui/expires-at': 'soon' } },
        { tags: {} },
      ]),
    ).toBe('2026-03-01T18:00:00Z');
    expect(clusterExpiresAt([{ tags: {} }])).toBeUndefined();
  });

  it('has expired once the deadline is reached', () => {
    expect(isExpired('2026-03-01T12:00:00Z', NOW)).toBe(true);
    expect(isExpired('2026-03-01T12:00:01Z', NOW)).toBe(false);
    expect(isExpired(undefined, NOW)).toBe(false);
  });

  it('reads as time left, or expired', () => {
    expect(formatTimeLeft(new Date(NOW + 8 * HOUR).toISOString(), NOW)).toBe('8 h 0 min left');
    expect(formatTimeLeft(new Date(NOW + 7 * HOUR + 59 * 60_000 + 30_000).toISOString(), NOW)).toBe(
      '7 h 59 min left',
    );
    expect(formatTimeLeft(new Date(NOW + 12 * 60_000).toISOString(), NOW)).toBe('12 min left');
    expect(formatTimeLeft(new Date(NOW + 20_000).toISOString(), NOW)).toBe('1 min left');
    expect(formatTimeLeft(new Date(NOW + 7 * 24 * HOUR).toISOString(), NOW)).toBe('7 d 0 h left');
    expect(formatTimeLeft('2020-01-01T00:00:00Z', NOW)).toBe('expired');
    expect(formatTimeLeft(undefined, NOW)).toBe('–');
    expect(clusterLifecycle({ expiresAt: '2020-01-01T00:00:00Z', protected: true }, NOW)).toBe(
      'expired, protected',
    );
    expect(clusterLifecycle({}, NOW)).toBe('');
  });

  it('reads on the review as when it is deleted and whether it is protected', () => {
    expect(lifecycleLine({ ttl: '8h', expiresAt: '2026-03-01T20:00:00Z', protect: false })).toBe(
      'delete after 8 hours: expires 2026-03-01T20:00:00Z (kube-tui cleanup --expired)',
    );
    expect(lifecycleLine({ protect: true })).toBe(
      'never expires · protected (kube-tui/protect=true): down and cleanup refuse it',
    );
  });
});

describe('protection', () => {
  it('is the tag kube-tui/protect=true, in any case', () => {
    expect(isProtected({ 'kube-tui/protect': 'true' })).toBe(true);
    expect(isProtected({ 'kube-tui/protect': 'True' })).toBe(true);
    expect(isProtected({ 'kube-tui/protect': 'yes' })).toBe(false);
    expect(isProtected({})).toBe(false);
  });

  it('names the command that removes the tag, per kind', () => {
    const region = 'us-west-2';
    expect(untagProtectionCommand({ type: 'vpc', id: 'vpc-1', name: 'x', region })).toBe(
      'aws ec2 delete-tags --region us-west-2 --resources vpc-1 --tags Key=kube-tui/protect',
    );
    expect(untagProtectionCommand({ type: 'iam-role', id: 'r', name: 'r', region: 'global' })).toBe(
      'aws iam untag-role --role-name r --tag-keys kube-tui/protect',
    );
    expect(
      untagProtectionCommand({ type: 'auto-scaling-group', id: 'c-minion-group', name: 'x', region }),
    ).toBe(
      'aws autoscaling delete-tags --region us-west-2 --tags ResourceId=c-minion-group,ResourceType=auto-scaling-group,Key=kube-tui/protect',
    );
    expect(untagProtectionCommand({ type: 'log-group', id: '/kube-tui/c', name: 'x', region })).toBe(
      'aws logs untag-log-group --region us-west-2 --log-group-name /kube-tui/c --tags kube-tui/protect',
    );
  });
});

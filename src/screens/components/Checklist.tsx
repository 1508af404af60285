// The checklist's lines, shared by provisioning (the eleven steps) and teardown (the resources in
// deletion order): a finished line is printed once (in <Static>), a live line is redrawn. Glyphs
// and words, never colour alone.
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { useEffect, useState } from 'react';
import type { FinishedStatus, ItemStatus } from '../../state/checklist.js';
import { callsText } from '../../wording/calls.js';
import { describeResources, formatDuration } from '../../wording/format.js';

// Each with its kind: an IAM role and its instance profile share a name.
const ids = describeResources;

/** A finished item: ✔ with its resources and time, ↷ with the reason, ✖ with the error. */
export function FinishedItem({ label, status }: { label: string; status: FinishedStatus }) {
  switch (status.kind) {
    case 'done':
      return (
        <Text wrap="truncate-end">
          <Text color="green">✔</Text> {label}
          <Text dimColor>
            {'  '}
            {ids(status.resources)}
            {status.resources.length > 0 ? ' · ' : ''}
            {formatDuration(status.elapsedMs)}
          </Text>
        </Text>
      );
    case 'skipped':
      return (
        <Text wrap="truncate-end">
          <Text color="cyan">↷</Text> {label}
          <Text dimColor>
            {'  '}
            {status.reason}
            {status.resources.length > 0 ? `: ${ids(status.resources)}` : ''}
          </Text>
        </Text>
      );
    case 'failed':
      return (
        <Text>
          <Text color="red">✖</Text> {label}
          <Text color="red">
            {'  '}
            {status.error.kind === 'aborted' ? 'cancelled' : status.error.message}
          </Text>
        </Text>
      );
  }
}

/** A live item: pending (dim dot), running (spinner, detail, elapsed), or finished but not yet printed. */
export function LiveItem({ label, status, now }: { label: string; status: ItemStatus; now: number }) {
  if (status.kind === 'done' || status.kind === 'skipped' || status.kind === 'failed') {
    return <FinishedItem label={label} status={status} />;
  }
  if (status.kind !== 'running') {
    return (
      <Text dimColor wrap="truncate-end">
        · {label}
      </Text>
    );
  }
  // Resource ids as they appear, unless the detail message already names them.
  const unnamed = status.resources.filter((resource) => !status.detail?.includes(resource.id));
  const detail = [status.detail, unnamed.length > 0 ? ids(unnamed) : undefined].filter(Boolean).join(' · ');
  // Retries and silent calls get a line of their own, so a narrow terminal never cuts them off.
  const calls = callsText(status.calls, now);
  const line = (
    <Text wrap="truncate-end">
      <Text color="cyan">
        <Spinner type="dots" />
      </Text>{' '}
      {label}
      <Text dimColor>
        {detail ? `  ${detail}` : ''}
        {status.startedAt > 0 ? ` · ${formatDuration(now - status.startedAt)}` : ''}
      </Text>
    </Text>
  );
  if (!calls) return line;
  return (
    <Box flexDirection="column">
      {line}
      <Text color="yellow" wrap="wrap">
        {'    ↻ '}
        {calls}
      </Text>
    </Box>
  );
}

/** Whole seconds while it runs: "42s", "3m 05s". */
const elapsed = (ms: number) => (ms < 60_000 ? `${Math.max(0, Math.floor(ms / 1000))}s` : formatDuration(ms));

/** The live part's first line: how many items are finished, of how many, and for how long it runs. */
export function Progress({
  done,
  total,
  startedAt,
  now,
  noun,
}: {
  done: number;
  total: number;
  startedAt?: number | undefined;
  now: number;
  noun: string;
}) {
  return (
    <Text bold wrap="truncate-end">
      {done}/{total} {noun} done
      <Text dimColor> · {elapsed(startedAt === undefined ? 0 : now - startedAt)} elapsed</Text>
    </Text>
  );
}

/** Ticks once a second while something runs, for the elapsed times. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

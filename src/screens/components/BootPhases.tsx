// Validate cluster on real AWS: one line per instance with its boot phases as it reports them
// (✔ done, ▸ running, ✖ failed, · not yet). Failed instances first, then the master, then the
// nodes furthest behind, at most MAX_LINES, so the live part stays short on an 80x24 terminal.
import { Box, Text } from 'ink';
import { BOOT_PHASES, type InstanceBootStatus } from '../../model/boot-status.js';

const MAX_LINES = 5;
const STEPS = BOOT_PHASES.filter((phase) => phase !== 'done' && phase !== 'failed');

function order(status: InstanceBootStatus): number {
  if (status.phase === 'failed') return -2;
  if (status.role === 'master') return -1;
  return status.phase === 'done' ? STEPS.length : status.phasesDone.length;
}

function PhaseGlyphs({ status }: { status: InstanceBootStatus }) {
  return (
    <>
      {STEPS.map((phase) => {
        const current = status.phase === 'failed' ? status.failedPhase : status.phase;
        const done = status.phase === 'done' || status.phasesDone.includes(phase);
        const glyph = done ? '✔' : current === phase ? (status.phase === 'failed' ? '✖' : '▸') : '·';
        const color = done ? 'green' : glyph === '✖' ? 'red' : undefined;
        return (
          <Text key={phase}>
            {' '}
            <Text {...(color ? { color } : {})}>{glyph}</Text> {phase}
          </Text>
        );
      })}
    </>
  );
}

export function BootPhases({ statuses }: { statuses: InstanceBootStatus[] }) {
  if (statuses.length === 0) return null;
  const shown = [...statuses].sort((a, b) => order(a) - order(b)).slice(0, MAX_LINES);
  const done = statuses.filter((status) => status.phase === 'done').length;
  return (
    <Box flexDirection="column" marginLeft={5}>
      {shown.map((status) => (
        <Text key={status.instanceId} wrap="truncate-end">
          {status.role.padEnd(6)} {status.instanceId}
          <PhaseGlyphs status={status} />
        </Text>
      ))}
      {statuses.length > shown.length ? (
        <Text dimColor wrap="truncate-end">
          … and {statuses.length - shown.length} more ({done} of {statuses.length} instances booted)
        </Text>
      ) : null}
    </Box>
  );
}

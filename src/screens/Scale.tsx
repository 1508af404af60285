// The Scale screen: a number entry (the node count), then the plan (the node group's change, the
// instances a scale-down terminates, the price difference per hour and month) to confirm with
// Enter, then the live run and its result. Props only: the app runs the engine (use-scale-flow.ts).
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { MAX_SCALE_NODES, type ScaleEvent, type ScalePlan, type ZoneNodes } from '../model/scale.js';
import type { ScaleState } from '../state/scale-screen.js';
import { asSentence, formatDuration } from '../wording/format.js';
import {
  addedNodesText,
  formatScaleEvent,
  leavingText,
  readinessText,
  scaleCostText,
  scaleSummary,
} from '../wording/scale.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { TextInput } from './components/TextInput.js';
import { HINTS, type KeyHint } from './keymap.js';

export interface ScaleProps {
  target: string;
  state: ScaleState;
}

const PLAN_HINT: KeyHint = { keys: 'enter', action: 'see the change' };
const CONFIRM_HINT: KeyHint = { keys: 'enter', action: 'scale' };
const EDIT_HINT: KeyHint = { keys: 'e', action: 'another number' };
const REPLAN_HINT: KeyHint = { keys: 'r', action: 'plan again' };
const ZONE_HINT: KeyHint = { keys: '←/→', action: 'zone' };
/** Instance ids listed before "+n more". */
const SHOWN_IDS = 6;

function idsText(ids: readonly string[]): string {
  const shown = ids.slice(0, SHOWN_IDS).join(', ');
  return ids.length > SHOWN_IDS ? `${shown} (+${ids.length - SHOWN_IDS} more)` : shown;
}

function PlanLines({ plan }: { plan: ScalePlan }) {
  const added = addedNodesText(plan);
  const leaving = leavingText(idsText(plan.leaving));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">{scaleSummary(plan)}</Text>
      <Text wrap="truncate-end">
        Price: <Text bold>{scaleCostText(plan)}</Text>
      </Text>
      {plan.leaving.length > 0 ? <Text wrap="truncate-end">{asSentence(leaving)}</Text> : null}
      {added ? <Text wrap="truncate-end">{added}</Text> : null}
      {!added && plan.leaving.length === 0 ? (
        <Text dimColor wrap="truncate-end">
          Already {plan.nodes}: Enter only pins min and max to it.
        </Text>
      ) : null}
    </Box>
  );
}

/** The latest retry or wait of a call, while that call has not answered. */
function pendingCall(events: readonly ScaleEvent[]): ScaleEvent | undefined {
  const last = [...events].reverse().find((event) => event.type === 'scale-call');
  return last?.type === 'scale-call' && last.signal.kind !== 'settled' ? last : undefined;
}

function Events({ events }: { events: ScaleEvent[] }) {
  // The terminations are summed up; the last count of the wait is the one that matters.
  const terminating = events.filter((event) => event.type === 'scale-terminating').length;
  const shown = events
    .filter((event) => event.type === 'scale-capacity')
    .map((event) => formatScaleEvent(event) ?? '');
  const progress = [...events].reverse().find((event) => event.type === 'scale-progress');
  const nodes = [...events].reverse().find((event) => event.type === 'scale-nodes');
  const call = pendingCall(events);
  return (
    <Box flexDirection="column">
      {terminating > 0 ? (
        <Text wrap="truncate-end"> ✔ {terminating} terminating (desired capacity lowered with each)</Text>
      ) : null}
      {shown.map((line, index) => (
        // Events only append: the index is the identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
        <Text key={index} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {progress ? <Text wrap="truncate-end">{formatScaleEvent(progress)}</Text> : null}
      {nodes ? <Text wrap="wrap">{formatScaleEvent(nodes)}</Text> : null}
      {call ? (
        <Text color="yellow" wrap="truncate-end">
          {formatScaleEvent(call)}
        </Text>
      ) : null}
    </Box>
  );
}

/** A cluster with a node group per zone: which zone's group the count is for, and the others. */
function ZoneLine({ zone, zones }: { zone: string; zones: readonly ZoneNodes[] }) {
  return (
    <Text wrap="wrap">
      Zone: <Text bold>{zone}</Text> (its node group; {zones.map((entry) => entry.zone).join(', ')})
    </Text>
  );
}

export function Scale({ target, state }: ScaleProps) {
  const { phase, launch } = state;
  const zoned = launch.zone && (launch.zones?.length ?? 0) > 1 ? launch.zone : undefined;
  const title = `scale ${launch.cluster.name} (${launch.cluster.region}${zoned ? `, ${zoned}` : ''})`;
  let body: React.ReactNode;
  let hints: KeyHint[];
  switch (phase.kind) {
    case 'entry':
      body = (
        <Box flexDirection="column">
          {zoned ? <ZoneLine zone={zoned} zones={launch.zones ?? []} /> : null}
          <Text>Number of nodes (0 to {MAX_SCALE_NODES}):</Text>
          <TextInput value={phase.text} isFocused />
          {phase.problem ? <Text color="red">✖ {phase.problem}</Text> : null}
        </Box>
      );
      hints = [
        { keys: '0-9', action: 'the count' },
        ...(zoned ? [ZONE_HINT] : []),
        PLAN_HINT,
        HINTS.back,
        HINTS.help,
      ];
      break;
    case 'planning':
      body = (
        <Text>
          <Spinner type="dots" /> Reading the node group for {phase.nodes} nodes…
        </Text>
      );
      hints = [HINTS.back];
      break;
    case 'plan-failed':
      body = (
        <Text color="red" wrap="wrap">
          ✖ {phase.error.message}
        </Text>
      );
      hints = [REPLAN_HINT, EDIT_HINT, HINTS.back, HINTS.quit];
      break;
    case 'confirm':
      body = <PlanLines plan={phase.plan} />;
      hints = [CONFIRM_HINT, { keys: 'esc', action: 'another number' }, HINTS.help];
      break;
    case 'running':
    case 'stopping':
      body = (
        <Box flexDirection="column">
          <PlanLines plan={phase.plan} />
          <Events events={phase.events} />
          <Text>
            <Spinner type="dots" />{' '}
            {phase.kind === 'stopping' ? 'Stopping: cancelling the calls in flight…' : 'Scaling…'}
          </Text>
        </Box>
      );
      hints = [HINTS.stop];
      break;
    case 'finished':
      body = (
        <Box flexDirection="column">
          <Events events={phase.events} />
          <Text color="green" wrap="truncate-end">
            ✔ {phase.result.group}: {phase.result.before.desired} → {phase.result.instances.length}{' '}
            {phase.result.instances.length === 1 ? 'node' : 'nodes'} in service (
            {formatDuration(phase.result.elapsedMs)})
          </Text>
          <Text wrap="wrap">{readinessText(phase.result)}</Text>
          {phase.result.terminated.length > 0 ? (
            <Text wrap="truncate-end">Terminated: {idsText(phase.result.terminated)}</Text>
          ) : null}
          {phase.result.launched.length > 0 ? (
            <Text wrap="truncate-end">Launched: {idsText(phase.result.launched)}</Text>
          ) : null}
        </Box>
      );
      hints = [EDIT_HINT, HINTS.back, HINTS.quit];
      break;
    case 'failed':
      body = (
        <Box flexDirection="column">
          <Events events={phase.events} />
          <Text color="red" wrap="wrap">
            ✖ {phase.error.message}
          </Text>
          <Text dimColor wrap="truncate-end">
            Run the same scale again to finish: it starts from the group as it is now.
          </Text>
        </Box>
      );
      hints = [HINTS.back, HINTS.quit];
      break;
  }
  return (
    <Box flexDirection="column">
      <Header title={title} target={target} />
      {body}
      <Footer hints={hints} />
    </Box>
  );
}

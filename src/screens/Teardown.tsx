// The Teardown screen: the plan (every resource in deletion order, with its action and the reason of
// each skip), the typed confirmation (the cluster's name, or `cleanup`), then the checklist in
// deletion order with live states, the fresh scan, and how it ended. Props only: the app runs the
// engine (use-teardown-flow.ts) and feeds `state`.

import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { ReactNode } from 'react';
import { blockersLine } from '../model/blockers.js';
import { PROTECT_TAG } from '../model/lifecycle.js';
import type { RemainingResource, TeardownPlan, TeardownStep } from '../model/teardown.js';
import type { ItemStatus } from '../state/checklist.js';
import {
  type ConfirmFocus,
  confirmationWord,
  dataVolumeSteps,
  liveItems,
  offersForceRevoke,
  planCounts,
  planOf,
  planWindow,
  type TeardownLine,
  type TeardownState,
  teardownProgress,
  volumesWindow,
} from '../state/teardown-screen.js';
import { untagProtectionCommand } from '../wording/command-lines.js';
import {
  describeDataVolume,
  describeItem,
  describeResource,
  formatDuration,
  idWithName,
} from '../wording/format.js';
import {
  goneSentence,
  keptHeading,
  nothingFoundSentences,
  RERUN_AFTER_FIX,
  RERUN_TO_FINISH,
  remainSentence,
  stoppedSentence,
  teardownSubject,
} from '../wording/outcome.js';
import { FinishedItem, LiveItem, Progress, useNow } from './components/Checklist.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { PrintOnce } from './components/PrintOnce.js';
import { TextInput } from './components/TextInput.js';
import { HINTS, type KeyHint } from './keymap.js';

export interface TeardownProps {
  /** Where AWS calls go, for the header. */
  target: string;
  state: TeardownState;
  interactive: boolean;
  /** Terminal rows, when known: the plan scrolls inside what fits. */
  rows?: number;
}

const TYPE_HINT: KeyHint = { keys: 'type', action: 'the name' };
const CONFIRM_HINT: KeyHint = { keys: 'enter', action: 'delete' };
const CANCEL_HINT: KeyHint = { keys: 'esc', action: 'cancel' };
const REPLAN_HINT: KeyHint = { keys: 'r', action: 'scan again' };
const SCROLL_ARROWS: KeyHint = { keys: '↑/↓', action: 'scroll' };
const TO_VOLUMES_HINT: KeyHint = { keys: 'tab', action: 'volumes' };
const TO_NAME_HINT: KeyHint = { keys: 'tab', action: 'the name' };
const MOVE_HINT: KeyHint = { keys: '↑/↓', action: 'move' };
const TICK_HINT: KeyHint = { keys: 'space', action: 'tick' };

/** Ctrl+R, where it is offered: turns `--force-revoke` on, or off again. */
function forceRevokeHints(state: TeardownState): KeyHint[] {
  if (!offersForceRevoke(state)) return [];
  return [
    { keys: 'ctrl+r', action: state.launch.forceRevoke ? 'keep foreign rules' : 'revoke foreign rules' },
  ];
}

/** What the run said beside its items: a permission check it could not make, a scan that failed. */
function Notes({ notes }: { notes: TeardownState['notes'] }) {
  return (
    <>
      {notes.map((note, index) => (
        // Notes only ever append: the index is stable.
        // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
        <Text key={index} wrap="wrap" {...(note.level === 'warn' ? { color: 'yellow' } : { dimColor: true })}>
          {note.level === 'warn' ? '⚠' : 'ℹ'} {note.message}
        </Text>
      ))}
    </>
  );
}

function title(state: TeardownState): string {
  const { target } = state.launch;
  return `${target.kind === 'cluster' ? 'tear down' : 'clean up'} ${teardownSubject(target)}`;
}

/** Fixed columns for the number, action and type (the longest: `delete-objects`, `iam-instance-profile`). */
const PLAN_WIDTHS = [5, 15, 21];

/** One step: number, action, type, id and name; its reason (why kept, or a note) on a line of its own. */
function PlanRow({ step, index }: { step: TeardownStep; index: number }) {
  const cells = [String(index + 1), step.action, step.type];
  const dim = step.action === 'skip';
  return (
    <Box flexDirection="column">
      <Box>
        {cells.map((cell, column) => (
          // Columns are positional and fixed: the index is the identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
          <Box key={column} width={PLAN_WIDTHS[column]} flexShrink={0} paddingRight={1}>
            <Text wrap="truncate-end" dimColor={dim} bold={column === 1 && !dim}>
              {cell}
            </Text>
          </Box>
        ))}
        <Text wrap="truncate-end" dimColor={dim}>
          {idWithName(step)}
          {step.region === 'global' ? ' (global)' : ''}
        </Text>
      </Box>
      {step.reason ? (
        <Box paddingLeft={PLAN_WIDTHS[0]}>
          <Text dimColor wrap="truncate-end">
            ↳ {step.reason}
          </Text>
        </Box>
      ) : null}
      {step.blockers ? (
        <Box paddingLeft={PLAN_WIDTHS[0]}>
          <Text color="yellow" wrap="truncate-end">
            ↳ {blockersLine(step, step.blockers)}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}

/**
 * The data volumes under their own heading, each with its tick box: kept unless ticked. A volume
 * the plan already deletes (--delete-data-volumes) shows as ticked and cannot be unticked here.
 */
function DataVolumes({
  plan,
  ticked,
  focus,
  cursor,
  rows,
}: {
  plan: TeardownPlan;
  ticked: string[];
  focus: ConfirmFocus;
  cursor: number;
  rows?: number;
}) {
  const { volumes, shown, below } = volumesWindow(plan, cursor, rows);
  if (volumes.length === 0) return null;
  const chosen = volumes.filter((step) => step.action === 'delete' || ticked.includes(step.id)).length;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end">
        <Text bold>Data volumes</Text> (PVs or yours), kept unless ticked: {chosen} of {volumes.length} to
        delete
      </Text>
      {shown.map((step) => {
        const index = volumes.indexOf(step);
        const here = focus === 'volumes' && index === cursor;
        const tick = step.action === 'delete' || ticked.includes(step.id);
        return (
          <Box key={step.key} flexDirection="column">
            <Text wrap="truncate-end" inverse={here}>
              {here ? '›' : ' '} [{tick ? 'x' : ' '}] {idWithName(step)}
              {tick ? ' — delete' : ' — keep'}
            </Text>
            <Text dimColor wrap="truncate-end">
              {'      '}
              {describeDataVolume(step.dataVolume!)}
            </Text>
          </Box>
        );
      })}
      {below > 0 ? <Text dimColor>↓ {below} more</Text> : null}
    </Box>
  );
}

function Confirm({
  state,
  plan,
  typed,
  refusal,
  scroll,
  focus,
  cursor,
  ticked,
  rows,
  interactive,
}: Omit<TeardownProps, 'target' | 'state'> & {
  state: TeardownState;
  plan: TeardownPlan;
  typed: string;
  refusal?: string;
  scroll: number;
  focus: ConfirmFocus;
  cursor: number;
  ticked: string[];
}) {
  const { remove, keep } = planCounts(plan, ticked);
  const word = confirmationWord(state.launch.target);
  const { steps, top, shown, below } = planWindow(plan, scroll, rows);
  const what = teardownSubject(state.launch.target);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        Plan from a fresh scan ({plan.scannedAt.slice(11, 19)} UTC): <Text bold>{remove} to remove</Text>
        {keep > 0 ? `, ${keep} kept` : ''}, in deletion order:
      </Text>
      {top > 0 ? <Text dimColor>↑ {top} more</Text> : null}
      {shown.map((step) => (
        <PlanRow key={step.key} step={step} index={steps.indexOf(step)} />
      ))}
      {below > 0 ? <Text dimColor>↓ {below} more</Text> : null}
      <DataVolumes plan={plan} ticked={ticked} focus={focus} cursor={cursor} {...(rows ? { rows } : {})} />
      <Protection plan={plan} />
      <Box marginTop={1} flexDirection="column">
        <Text color="yellow" wrap="truncate-end">
          ⚠ This removes {remove}{' '}
          {state.launch.target.kind === 'cluster'
            ? remove === 1
              ? 'resource'
              : 'resources'
            : remove === 1
              ? 'orphan'
              : 'orphans'}{' '}
          {state.launch.target.kind === 'cluster' ? `of ${what}` : `in ${state.launch.target.region}`}. It
          cannot be undone.
        </Text>
        <Text wrap="truncate-end">
          Type <Text bold>{word}</Text> to confirm:
        </Text>
        <TextInput value={typed} isFocused={interactive && focus === 'name'} />
        {refusal ? <Text color="red">✖ {refusal}</Text> : null}
      </Box>
    </Box>
  );
}

/** What protection keeps, and the command that removes the first tag (the plain commands list all). */
function Protection({ plan }: { plan: TeardownPlan }) {
  const protectedBy = plan.protectedBy ?? [];
  const [first] = protectedBy;
  if (!first) return null;
  const whole = plan.target.kind === 'cluster';
  return (
    <Box marginTop={1} flexDirection="column">
      <Text color="yellow" wrap="truncate-end">
        ⚠ {whole ? 'Protected: nothing of this cluster is deleted' : 'Protected orphans are kept'} (
        {PROTECT_TAG}=true on {protectedBy.length} {protectedBy.length === 1 ? 'resource' : 'resources'}).
      </Text>
      <Text wrap="wrap">
        Remove the tag to allow it: {untagProtectionCommand(first)}
        {protectedBy.length > 1 ? ` (and on the ${protectedBy.length - 1} others)` : ''}
      </Text>
    </Box>
  );
}

function RemainingList({ remaining, limit = 8 }: { remaining: RemainingResource[]; limit?: number }) {
  return (
    <Box flexDirection="column">
      {remaining.slice(0, limit).map((resource) => (
        <Box key={`${resource.type}:${resource.region}:${resource.id}`} flexDirection="column">
          <Text wrap="truncate-end">
            {'  '}
            {describeResource(resource)}
          </Text>
          <Text dimColor wrap="truncate-end">
            {'      ↳ '}
            {resource.reason}
          </Text>
        </Box>
      ))}
      {remaining.length > limit ? <Text dimColor> … and {remaining.length - limit} more</Text> : null}
    </Box>
  );
}

/** A command to copy: it wraps rather than lose its end. */
function Command({ label, command }: { label: string; command: string }) {
  return (
    <Text>
      {label}
      <Text bold>{command}</Text>
    </Text>
  );
}

function Outcome({ state }: { state: TeardownState }) {
  const { phase, launch } = state;
  switch (phase.kind) {
    case 'stopping':
      return <Text bold>■ Stopping: cancelling the calls in flight…</Text>;
    case 'stopped':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>■ {stoppedSentence(phase.result.elapsedMs, phase.result.remaining.length)}</Text>
          <RemainingList remaining={phase.result.remaining} />
          <Command label={RERUN_TO_FINISH} command={launch.rerun} />
          <Text dimColor>Press Ctrl+C again to quit.</Text>
        </Box>
      );
    case 'failed':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text color="red" bold>
            ✖ Teardown failed: {phase.error.message}
          </Text>
          <Command label="Run it again: " command={launch.rerun} />
        </Box>
      );
    case 'finished': {
      const { result } = phase;
      if (result.clean) {
        const what = goneSentence(launch.target, result.kept.length > 0);
        return (
          <Box flexDirection="column" marginTop={1}>
            <Text color="green" bold>
              ✔ {what}
              <Text dimColor> ({formatDuration(result.elapsedMs)})</Text>
            </Text>
            <Text dimColor>
              Removed {result.deleted.length} {result.deleted.length === 1 ? 'item' : 'items'}.
            </Text>
            {result.kept.length > 0 ? (
              <>
                <Text>{keptHeading(result.kept.length)}</Text>
                <RemainingList remaining={result.kept} limit={5} />
              </>
            ) : null}
          </Box>
        );
      }
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text color="red" bold>
            ✖ {remainSentence(result.remaining.length)} after a fresh scan:
          </Text>
          <RemainingList remaining={result.remaining} />
          <Command label={RERUN_AFTER_FIX} command={launch.rerun} />
        </Box>
      );
    }
    default:
      return null;
  }
}

type StaticItem = TeardownLine | { key: 'header' };

function Checklist({ state, target, rows }: { state: TeardownState; target: string; rows?: number }) {
  const plan = planOf(state)!;
  const labels = new Map(plan.steps.map((step) => [step.key, describeItem(step)]));
  const live = liveItems(state);
  const busy = state.phase.kind === 'running' || state.phase.kind === 'stopping';
  const now = useNow(busy);
  const active = live.filter((item) => item.status.kind !== 'pending');
  const waiting = live.filter((item) => item.status.kind === 'pending');
  // The live part stays shorter than the terminal: the items still waiting fold into one line.
  const cap = rows ? Math.max(3, rows - 10) : active.length;
  const shown: { key: string; status: ItemStatus }[] = active.slice(0, cap);
  const verifying = state.verify && !state.verify.remaining;
  const items: StaticItem[] = [{ key: 'header' }, ...state.lines];
  return (
    <Box flexDirection="column" width="100%">
      <PrintOnce items={items}>
        {(item) =>
          'status' in item ? (
            <FinishedItem key={item.key} label={labels.get(item.key) ?? item.key} status={item.status} />
          ) : (
            <Header key={item.key} title={title(state)} target={target} />
          )
        }
      </PrintOnce>
      <Notes notes={state.notes} />
      {busy ? <Progress {...teardownProgress(state)} now={now} noun="items" /> : null}
      {shown.map((item) => (
        <LiveItem key={item.key} label={labels.get(item.key) ?? item.key} status={item.status} now={now} />
      ))}
      {active.length > shown.length ? (
        <Text dimColor>… {active.length - shown.length} more in progress</Text>
      ) : null}
      {waiting.length > 0 && busy ? (
        <Text dimColor wrap="truncate-end">
          · {waiting.length} waiting for what blocks them:{' '}
          {waiting.map((item) => labels.get(item.key)).join(', ')}
        </Text>
      ) : null}
      {verifying ? (
        <Text wrap="truncate-end">
          <Text color="cyan">
            <Spinner type="dots" />
          </Text>{' '}
          Checking: a fresh scan of {plan.regions.join(', ')} for anything left…
        </Text>
      ) : null}
      <Outcome state={state} />
    </Box>
  );
}

function hintsFor(state: TeardownState): KeyHint[] {
  const leave = state.from ? { keys: 'esc', action: state.from === 'home' ? 'home' : 'back' } : HINTS.quitNow;
  switch (state.phase.kind) {
    case 'planning':
      return [CANCEL_HINT];
    case 'plan-failed':
      return [REPLAN_HINT, CANCEL_HINT];
    case 'nothing':
    case 'protected':
      return [REPLAN_HINT, state.from ? leave : HINTS.quit];
    case 'confirm':
      if (state.phase.focus === 'volumes')
        return [MOVE_HINT, TICK_HINT, TO_NAME_HINT, CONFIRM_HINT, CANCEL_HINT];
      // The footer names the very word the prompt asks for.
      return [
        { ...TYPE_HINT, action: confirmationWord(state.launch.target) },
        CONFIRM_HINT,
        ...(dataVolumeSteps(state.phase.plan).length > 0 ? [TO_VOLUMES_HINT] : []),
        ...forceRevokeHints(state),
        SCROLL_ARROWS,
        CANCEL_HINT,
      ];
    case 'running':
      return [HINTS.stop];
    case 'stopping':
      return [HINTS.quitNow];
    case 'stopped':
      return [...forceRevokeHints(state), HINTS.quitNow];
    default:
      return [REPLAN_HINT, ...forceRevokeHints(state), ...(state.from ? [leave] : []), HINTS.quit];
  }
}

export function Teardown({ target, state, interactive, rows }: TeardownProps) {
  const { phase } = state;
  let body: ReactNode;
  switch (phase.kind) {
    case 'planning':
      body = (
        <Text>
          <Text color="cyan">
            <Spinner type="dots" />
          </Text>{' '}
          Scanning for everything of{' '}
          {state.launch.target.kind === 'cluster'
            ? `cluster ${confirmationWord(state.launch.target)}`
            : 'the orphans'}{' '}
          (read-only)…
        </Text>
      );
      break;
    case 'plan-failed':
      body = (
        <Box flexDirection="column">
          <Text color="red" wrap="wrap">
            {/* A permission the teardown lacks refuses the plan: the scan itself went well. */}
            {phase.error.kind === 'access-denied' ? '✖ Refused: ' : '✖ The scan failed: '}
            {phase.error.message}
          </Text>
          <Text dimColor>Nothing was deleted.</Text>
        </Box>
      );
      break;
    case 'nothing': {
      const [first, second] = nothingFoundSentences(phase.plan);
      body = (
        <Box flexDirection="column">
          <Text>{first}</Text>
          {second ? <Text dimColor>{second}</Text> : null}
        </Box>
      );
      break;
    }
    case 'protected':
      body = (
        <Box flexDirection="column">
          <Text wrap="wrap">
            The {teardownSubject(state.launch.target)} is protected: nothing of it is deleted, so there is
            nothing to confirm.
          </Text>
          <Protection plan={phase.plan} />
        </Box>
      );
      break;
    case 'confirm':
      body = (
        <Confirm
          state={state}
          plan={phase.plan}
          typed={phase.typed}
          {...(phase.refusal ? { refusal: phase.refusal } : {})}
          scroll={phase.scroll}
          focus={phase.focus}
          cursor={phase.cursor}
          ticked={phase.ticked}
          interactive={interactive}
          {...(rows ? { rows } : {})}
        />
      );
      break;
    default:
      return (
        <Box flexDirection="column" width="100%">
          <Checklist state={state} target={target} {...(rows ? { rows } : {})} />
          <Footer hints={hintsFor(state)} />
        </Box>
      );
  }
  return (
    <Box flexDirection="column" width="100%">
      <Header title={title(state)} target={target} />
      {body}
      <Footer hints={hintsFor(state)} />
    </Box>
  );
}

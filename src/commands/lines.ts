// Plain, one-line-per-event output for non-interactive runs: no spinner, no colour, and the
// ✔ ✖ ↷ glyphs with words, so the lines read well in a CI log.
import { blockersLine } from '../model/blockers.js';
import { bootSummary } from '../model/boot-status.js';
import {
  type CallSignal,
  PROVISION_STEPS,
  type ProvisionEvent,
  STEP_TITLES,
  stepNumber,
} from '../model/events.js';
import { PROTECT_TAG } from '../model/lifecycle.js';
import type { TeardownEvent, TeardownItem, TeardownPlan } from '../model/teardown.js';
import { noAnswerText, retryText } from '../wording/calls.js';
import { untagProtectionCommand } from '../wording/command-lines.js';
import { describeDataVolume, describeItem, formatDuration } from '../wording/format.js';

const STEP_COUNT = PROVISION_STEPS.length - 1;

function label(step: ProvisionEvent & { step: string }): string {
  const number = stepNumber(step.step as (typeof PROVISION_STEPS)[number]);
  const position = number > STEP_COUNT ? '[  ✓  ]' : `[${String(number).padStart(2)}/${STEP_COUNT}]`;
  return `${position} ${STEP_TITLES[step.step as (typeof PROVISION_STEPS)[number]]}`;
}

/** A call's retry or silence, as the checklist says it; a settled call prints nothing. */
export function describeCall(signal: CallSignal, now = Date.now()): string | undefined {
  switch (signal.kind) {
    case 'retry':
      return `↻ ${retryText(signal)} (${signal.action})`;
    case 'waiting':
      return `↻ ${noAnswerText(signal.since, now)} (${signal.action}), still waiting`;
    case 'settled':
      return undefined;
  }
}

/** The line for one event, or undefined for events that print nothing. */
export function formatEvent(event: ProvisionEvent): string | undefined {
  switch (event.type) {
    case 'step-started':
      return `${label(event)}: started`;
    case 'step-detail':
      return `${label(event)}: ${event.message}`;
    case 'step-call': {
      const call = describeCall(event.signal);
      return call ? `${label(event)}: ${call}` : undefined;
    }
    case 'step-succeeded':
      return `${label(event)}: ✔ done in ${formatDuration(event.elapsedMs)}`;
    case 'step-skipped':
      return `${label(event)}: ↷ ${event.reason}`;
    case 'step-failed':
      return `${label(event)}: ✖ failed: ${event.error.message}`;
    case 'instance-boot':
      return `${label({ ...event, step: 'validate' })}: ${event.status.role} ${event.status.instanceId}: ${bootSummary(event.status)}`;
    case 'log':
      return `${event.level === 'warn' ? '⚠ warning' : 'note'}: ${event.message}`;
  }
}

/** The plain line for one teardown event, numbered by the step's place in the plan. */
export function formatTeardownEvent(event: TeardownEvent, plan: TeardownPlan): string | undefined {
  const label = (item: TeardownItem) => {
    const index = plan.steps.findIndex((step) => step.key === item.key) + 1;
    const width = String(plan.steps.length).length;
    return `[${String(index).padStart(width)}/${plan.steps.length}] ${describeItem(item)}`;
  };
  switch (event.type) {
    case 'item-started':
      return `${label(event.item)}: started`;
    case 'item-detail':
      return `${label(event.item)}: ${event.message}`;
    case 'item-call': {
      const call = describeCall(event.signal);
      return call ? `${label(event.item)}: ${call}` : undefined;
    }
    case 'item-succeeded':
      return `${label(event.item)}: ✔ done in ${formatDuration(event.elapsedMs)}`;
    case 'item-skipped':
      return `${label(event.item)}: ↷ ${event.reason}`;
    case 'item-failed':
      return `${label(event.item)}: ✖ ${event.error.kind === 'aborted' ? 'cancelled' : `failed: ${event.error.message}`}`;
    case 'verify-started':
      return `Checking: a fresh scan of ${event.regions.join(', ')}…`;
    case 'verify-finished':
      return event.remaining.length === 0
        ? `✔ The fresh scan found nothing left (${formatDuration(event.elapsedMs)})`
        : `✖ The fresh scan still finds ${event.remaining.length} ${event.remaining.length === 1 ? 'resource' : 'resources'}`;
    case 'log':
      return `${event.level === 'warn' ? '⚠ warning' : 'note'}: ${event.message}`;
  }
}

/** The plan, one line per step in deletion order, with the reason of each skip (and each note). */
export function formatTeardownPlan(plan: TeardownPlan): string[] {
  const width = String(plan.steps.length).length;
  const actionWidth = Math.max(0, ...plan.steps.map((step) => step.action.length));
  const typeWidth = Math.max(0, ...plan.steps.map((step) => step.type.length));
  const lines: string[] = [];
  plan.steps.forEach((step, index) => {
    const name = step.name && step.name !== step.id ? `  ${step.name}` : '';
    const where = step.region === 'global' || step.region === 'local' ? ` (${step.region})` : '';
    lines.push(
      `  ${String(index + 1).padStart(width)}. ${step.action.padEnd(actionWidth)}  ${step.type.padEnd(typeWidth)}  ${step.id}${name}${where}`,
    );
    if (step.reason) lines.push(`  ${' '.repeat(width + 2)}↳ ${step.reason}`);
    if (step.blockers) lines.push(`  ${' '.repeat(width + 2)}↳ ${blockersLine(step, step.blockers)}`);
  });
  return lines;
}

/**
 * The plan's data volumes under their own heading: what each is, what it costs, and whether it goes.
 * Empty when the target has none.
 */
export function formatDataVolumes(plan: TeardownPlan): string[] {
  const volumes = plan.steps.filter((step) => step.dataVolume);
  if (volumes.length === 0) return [];
  const lines = [
    `Data volumes (PersistentVolumes or your own, tagged for the cluster): ${volumes.filter((step) => step.action === 'delete').length} of ${volumes.length} to delete (--delete-data-volumes deletes all)`,
  ];
  for (const step of volumes) {
    const name = step.name !== step.id ? ` ${step.name}` : '';
    const facts = describeDataVolume(step.dataVolume!, { separator: ', ', explained: true });
    lines.push(`  ${step.action === 'delete' ? 'delete' : 'keep  '}  ${step.id}${name}  ${facts}`);
  }
  return lines;
}

/** What protection keeps, and the command that removes each tag. Empty when nothing is protected. */
export function formatProtection(plan: TeardownPlan): string[] {
  const protectedBy = plan.protectedBy ?? [];
  if (protectedBy.length === 0) return [];
  const head =
    plan.target.kind === 'cluster'
      ? `⚠ Cluster ${plan.target.cluster.name} is protected: nothing of it is deleted while ${PROTECT_TAG}=true is on`
      : `⚠ Protected, kept (${PROTECT_TAG}=true) on`;
  const lines = [
    `${head} ${protectedBy.length === 1 ? 'this resource' : `these ${protectedBy.length} resources`}. To allow deletion, remove the tag:`,
  ];
  for (const resource of protectedBy) {
    lines.push(
      `  ${resource.type} ${resource.id}${resource.name !== resource.id ? ` (${resource.name})` : ''}`,
    );
    lines.push(`      ${untagProtectionCommand(resource)}`);
  }
  return lines;
}

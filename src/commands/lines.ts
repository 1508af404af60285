// Plain, one-line-per-event output for non-interactive runs: no spinner, no colour, and the
// ✔ ✖ ↷ glyphs with words, so the lines read well in a CI log.
import type { ResourceRef } from '../aws/resource-types.js';
import { PROVISION_STEPS, type ProvisionEvent, STEP_TITLES, stepNumber } from '../state/events.js';

const STEP_COUNT = PROVISION_STEPS.length - 1;

function label(step: ProvisionEvent & { step: string }): string {
  const number = stepNumber(step.step as (typeof PROVISION_STEPS)[number]);
  const position = number > STEP_COUNT ? '[  ✓  ]' : `[${String(number).padStart(2)}/${STEP_COUNT}]`;
  return `${position} ${STEP_TITLES[step.step as (typeof PROVISION_STEPS)[number]]}`;
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export function describeResource(resource: ResourceRef): string {
  return resource.name && resource.name !== resource.id
    ? `${resource.type} ${resource.id} (${resource.name})`
    : `${resource.type} ${resource.id}`;
}

/** The line for one event, or undefined for events that print nothing. */
export function formatEvent(event: ProvisionEvent): string | undefined {
  switch (event.type) {
    case 'step-started':
      return `${label(event)}: started`;
    case 'step-detail':
      return `${label(event)}: ${event.message}`;
    case 'step-succeeded':
      return `${label(event)}: ✔ done in ${seconds(event.elapsedMs)}`;
    case 'step-skipped':
      return `${label(event)}: ↷ ${event.reason}`;
    case 'step-failed':
      return `${label(event)}: ✖ failed: ${event.error.message}`;
    case 'log':
      return `${event.level === 'warn' ? '⚠ warning' : 'note'}: ${event.message}`;
  }
}

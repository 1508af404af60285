// What is shown is what runs: every resource a provisioning run recorded in a step is one the plan
// showed for that step (the dry run's and the Review screen's list).
import { expect } from 'vitest';
import type { ProvisionEvent } from '../../src/model/events.js';
import type { ClusterPlan, PlannedResource } from '../../src/model/plan.js';
import type { ResourceRef } from '../../src/model/resource-types.js';

// A planned name matches the id, the name, or the name with a suffix ("kubernetes-master-ip
// 52.0.0.1"); a placeholder in angle brackets ("kubernetes-<fingerprint of the new key>") stands
// for any text.
function matches(planned: PlannedResource, made: ResourceRef): boolean {
  if (planned.type !== made.type) return false;
  const escaped = planned.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[^>]+>/g, '.+');
  const pattern = new RegExp(`^${escaped}( .*)?$`);
  return pattern.test(made.id) || pattern.test(made.name ?? '');
}

/** The resources a run recorded that its plan did not show, as "step: type id (name)". */
export function unplannedResources(plan: ClusterPlan, events: ProvisionEvent[]): string[] {
  const unplanned: string[] = [];
  for (const event of events) {
    if (event.type !== 'step-succeeded' && event.type !== 'step-skipped') continue;
    const shown = plan.steps.find((step) => step.id === event.step)?.resources ?? [];
    for (const made of event.resources) {
      if (!shown.some((planned) => matches(planned, made)))
        unplanned.push(`${event.step}: ${made.type} ${made.id} (${made.name ?? ''})`);
    }
  }
  return unplanned;
}

/** The resources the plan showed that a finished run never recorded in their step. */
export function unmadeResources(plan: ClusterPlan, events: ProvisionEvent[]): string[] {
  const recorded = new Map<string, ResourceRef[]>();
  for (const event of events)
    if (event.type === 'step-succeeded' || event.type === 'step-skipped')
      recorded.set(event.step, event.resources);
  return plan.steps.flatMap((step) =>
    step.resources
      .filter((planned) => !(recorded.get(step.id) ?? []).some((made) => matches(planned, made)))
      .map((planned) => `${step.id}: ${planned.type} ${planned.name}`),
  );
}

/** A finished run recorded exactly what its plan showed, step by step. */
export function expectRunAsPlanned(plan: ClusterPlan, events: ProvisionEvent[]): void {
  expect(unplannedResources(plan, events)).toEqual([]);
  expect(unmadeResources(plan, events)).toEqual([]);
}

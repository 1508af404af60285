// Turns task-level progress into the step-level events of the checklist: a step starts with its
// first task, and succeeds (or is skipped, when it found everything) when its last task is done.
// A task that starts its step also routes its AWS calls' retries and silent waits to that step.
import type { ProvisionListener, StepId } from '../model/events.js';
import type { ResourceRef } from '../model/resource-types.js';
import { reportCallsTo } from './call-scope.js';

/** What a task tells the checklist about its own step. */
export interface StepReport {
  /** Records a resource; `created` false means an earlier run (or the user) made it. */
  resource(resource: ResourceRef, created: boolean, note?: string): void;
  detail(message: string, resource?: ResourceRef): void;
  /** The step changed something even though it created no resource (e.g. an attachment). */
  changed(): void;
  /** Why the step is skipped when it ends having changed nothing (default "found existing"). */
  skipReason(reason: string): void;
}

/** Per step: how many of its tasks are left, when it started, what it found or made. */
export class StepTracker {
  private readonly remaining = new Map<StepId, number>();
  private readonly startedAt = new Map<StepId, number>();
  private readonly createdAny = new Set<StepId>();
  private readonly skipReasons = new Map<StepId, string>();
  readonly resources = new Map<StepId, ResourceRef[]>();

  constructor(
    steps: StepId[],
    private readonly emit: ProvisionListener,
  ) {
    for (const step of steps) this.remaining.set(step, (this.remaining.get(step) ?? 0) + 1);
  }

  /** Called by each task of the step as it starts, inside the task's call scope. */
  start(step: StepId): void {
    reportCallsTo((signal) => this.emit({ type: 'step-call', step, signal }));
    if (this.startedAt.has(step)) return;
    const at = Date.now();
    this.startedAt.set(step, at);
    this.emit({ type: 'step-started', step, at });
  }

  detail(step: StepId, message: string, resource?: ResourceRef): void {
    this.emit({ type: 'step-detail', step, message, ...(resource ? { resource } : {}) });
  }

  /** Records a resource; `created` false means an earlier run (or the user) made it. */
  resource(step: StepId, resource: ResourceRef, created: boolean, note?: string): void {
    const list = this.resources.get(step) ?? [];
    if (!list.some((entry) => entry.type === resource.type && entry.id === resource.id)) list.push(resource);
    this.resources.set(step, list);
    if (created) this.createdAny.add(step);
    const label =
      resource.name && resource.name !== resource.id ? `${resource.id} (${resource.name})` : resource.id;
    this.detail(step, `${note ?? (created ? 'created' : 'found')} ${resource.type} ${label}`, resource);
  }

  /** The step changed something even though it created no resource (e.g. an attachment). */
  changed(step: StepId): void {
    this.createdAny.add(step);
  }

  skipReason(step: StepId, reason: string): void {
    this.skipReasons.set(step, reason);
  }

  finishTask(step: StepId): void {
    const left = (this.remaining.get(step) ?? 1) - 1;
    this.remaining.set(step, left);
    if (left > 0) return;
    const resources = this.resources.get(step) ?? [];
    const startedAt = this.startedAt.get(step) ?? Date.now();
    if (this.createdAny.has(step) || step === 'validate') {
      this.emit({ type: 'step-succeeded', step, resources, elapsedMs: Date.now() - startedAt });
    } else {
      this.emit({
        type: 'step-skipped',
        step,
        reason: this.skipReasons.get(step) ?? 'found existing',
        resources,
      });
    }
  }

  /** The report of one step, for the tasks that belong to it. */
  reporter(step: StepId): StepReport {
    return {
      resource: (resource, created, note) => this.resource(step, resource, created, note),
      detail: (message, resource) => this.detail(step, message, resource),
      changed: () => this.changed(step),
      skipReason: (reason) => this.skipReason(step, reason),
    };
  }

  all(): ResourceRef[] {
    return [...this.resources.values()].flat();
  }
}

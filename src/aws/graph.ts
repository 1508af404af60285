// Runs tasks as a dependency graph: every task whose dependencies are done starts at once, so
// independent work overlaps. On the first failure nothing new starts; the tasks in flight finish
// (they may be creating something a rerun will find) and the first error is thrown. Each task runs
// in a call scope of its own, so the retries and silent waits of its AWS calls can be told to the
// step it belongs to (call-scope.ts).
import type { TaskTiming } from '../model/engine.js';
import { runInTaskScope } from './call-scope.js';

export interface GraphTask<Id extends string = string> {
  id: Id;
  deps: Id[];
  run: () => Promise<void>;
}

export class GraphError extends Error {
  override name = 'GraphError';
  constructor(
    readonly taskId: string,
    override readonly cause: unknown,
  ) {
    super(`task ${taskId} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export function assertAcyclic<Id extends string>(tasks: GraphTask<Id>[]): void {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const state = new Map<Id, 'visiting' | 'done'>();
  const visit = (id: Id, path: Id[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`dependency cycle: ${[...path, id].join(' -> ')}`);
    const task = byId.get(id);
    if (!task) throw new Error(`unknown task ${id} (needed by ${path.at(-1)})`);
    state.set(id, 'visiting');
    for (const dep of task.deps) visit(dep, [...path, id]);
    state.set(id, 'done');
  };
  for (const task of tasks) visit(task.id, []);
}

export async function runGraph<Id extends string>(
  tasks: GraphTask<Id>[],
  onTiming?: (timing: TaskTiming<Id>) => void,
): Promise<void> {
  assertAcyclic(tasks);
  const done = new Set<Id>();
  const started = new Set<Id>();
  const running = new Set<Promise<void>>();
  let failure: GraphError | undefined;

  await new Promise<void>((resolve) => {
    const schedule = () => {
      if (!failure) {
        for (const task of tasks) {
          if (started.has(task.id) || !task.deps.every((dep) => done.has(dep))) continue;
          started.add(task.id);
          const startedAt = performance.now();
          const timing = (ok: boolean) =>
            onTiming?.({ id: task.id, deps: task.deps, startedAt, endedAt: performance.now(), ok });
          const promise: Promise<void> = runInTaskScope(() => task.run())
            .then(
              () => {
                done.add(task.id);
                timing(true);
              },
              (error: unknown) => {
                failure ??= new GraphError(task.id, error);
                timing(false);
              },
            )
            .finally(() => {
              running.delete(promise);
              schedule();
            });
          running.add(promise);
        }
      }
      if (running.size === 0) resolve();
    };
    schedule();
  });
  if (failure) throw failure;
}

/**
 * A task of a typed table. `Outputs` maps every task id to what that task's run resolves to; a
 * task names the tasks it needs, and its run receives exactly their outputs, keyed by id. So tasks
 * talk only through the runner, never through shared variables.
 */
export interface TableTask<
  Outputs,
  Id extends keyof Outputs & string,
  Needs extends keyof Outputs & string,
  Context,
> {
  readonly id: Id;
  readonly needs: readonly Needs[];
  run(inputs: Pick<Outputs, Needs>, context: Context): Promise<Resolved<Outputs[Id]>>;
}

/** A task whose output may be undefined may simply return: its run then resolves to void. */
// biome-ignore lint/suspicious/noConfusingVoidType: void is what a run with no return statement resolves to
type Resolved<Output> = undefined extends Output ? Output | void : Output;

/** Any task of the table, whatever it needs. */
export type AnyTableTask<Outputs, Context> = {
  [Id in keyof Outputs & string]: TableTask<Outputs, Id, keyof Outputs & string, Context>;
}[keyof Outputs & string];

export interface TableRunOptions<Outputs, Context, Task extends AnyTableTask<Outputs, Context>> {
  /** What a task's run gets beside its inputs (e.g. a reporter for its step). */
  contextFor: (task: Task) => Context;
  /** Sees each task just before it runs; a throw fails the task (e.g. once the run is cancelled). */
  onStart?: (task: Task) => void;
  /** Sees each task that finished without error. */
  onFinish?: (task: Task) => void;
  onTiming?: (timing: TaskTiming<keyof Outputs & string>) => void;
}

/**
 * Runs a typed table as a dependency graph (runGraph: independent tasks overlap, the first failure
 * stops new starts) and hands each task's output to the tasks that need it. A task left out of the
 * table (one that does nothing for this configuration) only orders its dependants: they start
 * without it, and only a task whose output is nothing may be left out. Resolves with every output.
 */
export async function runTable<Outputs, Context, Task extends AnyTableTask<Outputs, Context>>(
  tasks: readonly Task[],
  options: TableRunOptions<Outputs, Context, Task>,
): Promise<Partial<Outputs>> {
  type Id = keyof Outputs & string;
  const present = new Set<Id>(tasks.map((task) => task.id));
  const outputs: Partial<Outputs> = {};
  const graph = tasks.map(
    (task): GraphTask<Id> => ({
      id: task.id,
      deps: task.needs.filter((need) => present.has(need)),
      run: async () => {
        options.onStart?.(task);
        // The graph started this task only once every task it needs was done, so its inputs are set.
        const inputs = Object.fromEntries(task.needs.map((need) => [need, outputs[need]])) as Outputs;
        const output = await task.run(inputs, options.contextFor(task));
        // A task that just returned has the output undefined.
        outputs[task.id] = output as Outputs[Id] | undefined;
        options.onFinish?.(task);
      },
    }),
  );
  await runGraph(graph, options.onTiming);
  return outputs;
}

/** How one task of a settled run ended. */
export type TaskOutcome<Id extends string = string> =
  | { status: 'done' }
  | { status: 'failed'; error: unknown }
  /** Never started: a task it depends on failed or was blocked. */
  | { status: 'blocked'; by: Id[] }
  /** Never started: the run was cancelled first. */
  | { status: 'not-started' };

export interface SettledOptions<Id extends string> {
  onTiming?: (timing: TaskTiming<Id>) => void;
  /** Once aborted nothing new starts; the tasks in flight are expected to see the same signal. */
  signal?: AbortSignal;
  /** At most this many tasks at once (default: no limit). */
  concurrency?: number;
  /** Sees each task as it starts. */
  onStart?: (id: Id) => void;
  /** Sees each task's outcome as soon as it is known (done, failed, or blocked by a failure). */
  onOutcome?: (id: Id, outcome: TaskOutcome<Id>) => void;
}

/**
 * Runs a dependency graph to the end rather than to the first failure (teardown: a subnet that
 * cannot go must not stop the IAM roles or the bucket). Every task whose dependencies are done
 * starts at once; a failed task blocks only what depends on it. Resolves with every task's outcome.
 */
export async function runGraphSettled<Id extends string>(
  tasks: GraphTask<Id>[],
  options: SettledOptions<Id> = {},
): Promise<Map<Id, TaskOutcome<Id>>> {
  assertAcyclic(tasks);
  const outcomes = new Map<Id, TaskOutcome<Id>>();
  const started = new Set<Id>();
  const limit = options.concurrency ?? Number.POSITIVE_INFINITY;
  let running = 0;

  await new Promise<void>((resolve) => {
    const schedule = () => {
      // Anything depending on a failed or blocked task is blocked, transitively.
      let changed = true;
      while (changed) {
        changed = false;
        for (const task of tasks) {
          if (outcomes.has(task.id) || started.has(task.id)) continue;
          const by = task.deps.filter((dep) => {
            const outcome = outcomes.get(dep);
            return outcome !== undefined && outcome.status !== 'done';
          });
          if (by.length > 0) {
            const blocked: TaskOutcome<Id> = { status: 'blocked', by };
            outcomes.set(task.id, blocked);
            options.onOutcome?.(task.id, blocked);
            changed = true;
          }
        }
      }
      if (!options.signal?.aborted) {
        for (const task of tasks) {
          if (running >= limit) break;
          if (started.has(task.id) || outcomes.has(task.id)) continue;
          if (!task.deps.every((dep) => outcomes.get(dep)?.status === 'done')) continue;
          started.add(task.id);
          running += 1;
          options.onStart?.(task.id);
          const startedAt = performance.now();
          const timing = (ok: boolean) =>
            options.onTiming?.({ id: task.id, deps: task.deps, startedAt, endedAt: performance.now(), ok });
          runInTaskScope(() => task.run())
            .then(
              () => {
                outcomes.set(task.id, { status: 'done' });
                timing(true);
                options.onOutcome?.(task.id, { status: 'done' });
              },
              (error: unknown) => {
                outcomes.set(task.id, { status: 'failed', error });
                timing(false);
                options.onOutcome?.(task.id, { status: 'failed', error });
              },
            )
            .finally(() => {
              running -= 1;
              schedule();
            });
        }
      }
      if (running === 0) {
        for (const task of tasks)
          if (!outcomes.has(task.id)) outcomes.set(task.id, { status: 'not-started' });
        resolve();
      }
    };
    schedule();
  });
  return outcomes;
}

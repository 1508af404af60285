// Runs tasks as a dependency graph: every task whose dependencies are done starts at once, so
// independent work overlaps. On the first failure nothing new starts; the tasks in flight finish
// (they may be creating something a rerun will find) and the first error is thrown.
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

/** When each task ran: what the benchmark turns into the critical path. */
export interface TaskTiming<Id extends string = string> {
  id: Id;
  deps: Id[];
  startedAt: number;
  endedAt: number;
  ok: boolean;
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
          const promise: Promise<void> = task
            .run()
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

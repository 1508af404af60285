import { describe, expect, it } from 'vitest';
import {
  type AnyTableTask,
  assertAcyclic,
  GraphError,
  runGraph,
  runGraphSettled,
  runTable,
} from '../../src/aws/graph.js';

/** A task the test finishes by hand, recording when it started. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((done) => setImmediate(done));

describe('the dependency graph runner', () => {
  it('starts every task whose dependencies are done, together', async () => {
    const started: string[] = [];
    const gates = { a: deferred(), b: deferred(), c: deferred() };
    const task = (id: 'a' | 'b' | 'c', deps: ('a' | 'b' | 'c')[]) => ({
      id,
      deps,
      run: () => {
        started.push(id);
        return gates[id].promise;
      },
    });
    const run = runGraph([task('a', []), task('b', []), task('c', ['a', 'b'])]);
    await flush();
    expect(started).toEqual(['a', 'b']);
    gates.a.resolve();
    await flush();
    expect(started).toEqual(['a', 'b']);
    gates.b.resolve();
    await flush();
    expect(started).toEqual(['a', 'b', 'c']);
    gates.c.resolve();
    await run;
  });

  it('starts nothing new after a failure, lets running tasks finish, and throws the first error', async () => {
    const finished: string[] = [];
    const slow = deferred();
    const run = runGraph([
      { id: 'fails', deps: [], run: async () => Promise.reject(new Error('boom')) },
      {
        id: 'slow',
        deps: [],
        run: async () => {
          await slow.promise;
          finished.push('slow');
        },
      },
      { id: 'after', deps: ['slow'], run: async () => void finished.push('after') },
    ]);
    await flush();
    slow.resolve();
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).taskId).toBe('fails');
    expect(finished).toEqual(['slow']);
  });

  it('refuses cycles and unknown dependencies', () => {
    const noop = async () => {};
    expect(() =>
      assertAcyclic([
        { id: 'a', deps: ['b'], run: noop },
        { id: 'b', deps: ['a'], run: noop },
      ]),
    ).toThrow(/cycle/);
    expect(() => assertAcyclic([{ id: 'a', deps: ['x' as 'a'], run: noop }])).toThrow(/unknown task x/);
  });
});

describe('the settled graph runner (teardown)', () => {
  it('keeps going after a failure: only what depends on the failed task is blocked', async () => {
    const ran: string[] = [];
    const task = (id: string, deps: string[], fail = false) => ({
      id,
      deps,
      run: async () => {
        ran.push(id);
        if (fail) throw new Error(`${id} failed`);
      },
    });
    const outcomes = await runGraphSettled([
      task('subnet', [], true),
      task('vpc', ['subnet']),
      task('dhcp', ['vpc']),
      task('role', []),
      task('bucket', ['role']),
    ]);
    expect(ran.sort()).toEqual(['bucket', 'role', 'subnet']);
    expect(outcomes.get('subnet')).toMatchObject({ status: 'failed' });
    expect(outcomes.get('vpc')).toEqual({ status: 'blocked', by: ['subnet'] });
    expect(outcomes.get('dhcp')).toEqual({ status: 'blocked', by: ['vpc'] });
    expect(outcomes.get('bucket')).toEqual({ status: 'done' });
  });

  it('runs at most `concurrency` tasks at once and starts nothing new once aborted', async () => {
    const gates = Object.fromEntries(['a', 'b', 'c', 'd'].map((id) => [id, deferred()]));
    const started: string[] = [];
    const controller = new AbortController();
    const run = runGraphSettled(
      ['a', 'b', 'c', 'd'].map((id) => ({
        id,
        deps: [],
        run: () => {
          started.push(id);
          return gates[id]!.promise;
        },
      })),
      { concurrency: 2, signal: controller.signal, onStart: () => {} },
    );
    await flush();
    expect(started).toEqual(['a', 'b']);
    gates.a!.resolve();
    await flush();
    expect(started).toEqual(['a', 'b', 'c']);
    controller.abort();
    gates.b!.resolve();
    gates.c!.resolve();
    const outcomes = await run;
    expect(started).toEqual(['a', 'b', 'c']);
    expect(outcomes.get('d')).toEqual({ status: 'not-started' });
    expect(outcomes.get('c')).toEqual({ status: 'done' });
  });
});

describe('the typed table runner', () => {
  interface Outputs {
    vpc: string;
    tagged: undefined;
    subnet: string;
    report: string;
  }
  type Task = AnyTableTask<Outputs, string>;

  it('hands each task exactly the outputs it needs, and starts a task without one that was left out', async () => {
    const seen: Record<string, unknown> = {};
    const tasks: Task[] = [
      { id: 'vpc', needs: [], run: async () => 'vpc-1' },
      {
        id: 'subnet',
        needs: ['vpc', 'tagged'],
        run: async (inputs: Pick<Outputs, 'vpc' | 'tagged'>, context: string) => {
          seen.subnet = { ...inputs, context };
          return `subnet-of-${inputs.vpc}`;
        },
      },
      {
        id: 'report',
        needs: ['subnet'],
        run: async (inputs: Pick<Outputs, 'subnet'>) => {
          seen.report = inputs;
          return 'done';
        },
      },
    ];
    const outputs = await runTable<Outputs, string, Task>(tasks, {
      contextFor: (task) => `ctx of ${task.id}`,
    });
    expect(seen).toEqual({
      subnet: { vpc: 'vpc-1', tagged: undefined, context: 'ctx of subnet' },
      report: { subnet: 'subnet-of-vpc-1' },
    });
    expect(outputs).toEqual({ vpc: 'vpc-1', subnet: 'subnet-of-vpc-1', report: 'done' });
  });

  it('names the failed task, starts nothing after it, and reports starts, finishes and timings', async () => {
    const events: string[] = [];
    const tasks: Task[] = [
      { id: 'vpc', needs: [], run: async () => Promise.reject(new Error('quota')) },
      { id: 'subnet', needs: ['vpc'], run: async () => 'subnet-1' },
    ];
    const failure = await runTable<Outputs, string, Task>(tasks, {
      contextFor: () => '',
      onStart: (task) => events.push(`start ${task.id}`),
      onFinish: (task) => events.push(`finish ${task.id}`),
      onTiming: (timing) => events.push(`timing ${timing.id} ${timing.ok}`),
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphError);
    expect((failure as GraphError).taskId).toBe('vpc');
    expect(events).toEqual(['start vpc', 'timing vpc false']);
  });
});

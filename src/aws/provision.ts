// Runs the provisioning task table (provision-tasks.ts) as a dependency graph (DESIGN.md section
// 2): independent work overlaps (the Elastic IP, S3, IAM, key pair, VPC and volume start together),
// each task gets the outputs of the tasks it needs, and task progress becomes the checklist's step
// events. A failure names its step and lists what exists, so a rerun can finish the job.
import { randomBytes } from 'node:crypto';
import type { ProvisionResult } from '../model/engine.js';
import { ProvisionError } from '../model/engine.js';
import { lifecycleTags } from '../model/lifecycle.js';
import type { ClusterPlan } from '../model/plan.js';
import { sshUserFor } from './ami.js';
import type { AwsContext } from './context.js';
import { classifyError } from './errors.js';
import { GraphError, runTable } from './graph.js';
import { clusterNames } from './naming.js';
import {
  type AnyProvisionTask,
  type ProvisionHooks,
  type TaskOutputs,
  type TaskRun,
  tasksFor,
} from './provision-tasks.js';
import { StepTracker } from './step-tracker.js';

export async function provision(
  callerCtx: AwsContext,
  plan: ClusterPlan,
  hooks: ProvisionHooks,
): Promise<ProvisionResult> {
  const started = Date.now();
  const { config } = plan;
  // Every resource the cluster owns carries its deadline and protection, through ownedTagsIn.
  const ctx: AwsContext = {
    ...callerCtx,
    lifecycleTags: lifecycleTags({ expiresAt: plan.expiresAt, protect: config.protect }),
  };
  const names = clusterNames(config.name, config.region);
  const runId = randomBytes(6).toString('hex');
  const tasks = tasksFor(plan);
  const tracker = new StepTracker(
    tasks.map((task) => task.step),
    hooks.onEvent,
  );
  const base: Omit<TaskRun, 'report'> = {
    ctx,
    plan,
    hooks,
    names,
    clientToken: (kind) => `kube-tui-${kind}-${config.name}-${runId}`.slice(0, 64),
  };

  let outputs: Partial<TaskOutputs>;
  try {
    outputs = await runTable<TaskOutputs, TaskRun, AnyProvisionTask>(tasks, {
      contextFor: (task) => ({ ...base, report: tracker.reporter(task.step) }),
      onStart: (task) => {
        ctx.signal?.throwIfAborted();
        tracker.start(task.step);
      },
      onFinish: (task) => tracker.finishTask(task.step),
      ...(hooks.onTaskTiming ? { onTiming: hooks.onTaskTiming } : {}),
    });
  } catch (error) {
    const cause = error instanceof GraphError ? error.cause : error;
    const failed = error instanceof GraphError ? tasks.find((task) => task.id === error.taskId) : undefined;
    const step = failed?.step ?? 'validate';
    // Once the run is cancelled, a call that failed on its way out (a reset socket, say) is the
    // cancellation too, whichever error surfaced first.
    const classified = classifyError(
      ctx.signal?.aborted ? Object.assign(new Error('cancelled'), { name: 'AbortError' }) : cause,
    );
    hooks.onEvent({ type: 'step-failed', step, error: classified });
    throw new ProvisionError(step, classified, tracker.all());
  }

  const kubeconfig = outputs.kubeconfig;
  const masterPublicIp = outputs['elastic-ip']?.publicIp;
  return {
    cluster: config.name,
    region: config.region,
    resources: tracker.all(),
    ...(kubeconfig ? { kubeconfig: kubeconfig.path, kubeconfigContext: kubeconfig.context } : {}),
    ...(masterPublicIp ? { masterPublicIp } : {}),
    sshUser: sshUserFor(config.os),
    elapsedMs: Date.now() - started,
  };
}

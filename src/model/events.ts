// The typed progress events the engine emits and every front end (Ink screens, plain lines,
// JSON) consumes. The engine never knows who listens.
import type { InstanceBootStatus } from './boot-status.js';
import type { ClassifiedError } from './errors.js';
import type { ResourceRef } from './resource-types.js';

/** The eleven steps of kube-up, in the seed's order, then the validation kube-up ran. */
export const PROVISION_STEPS = [
  'upload',
  'iam',
  'key-pair',
  'vpc',
  'subnet',
  'internet-gateway',
  'route-table',
  'security-groups',
  'master-volume',
  'master-instance',
  'node-group',
  'validate',
] as const;

export type StepId = (typeof PROVISION_STEPS)[number];

export const STEP_TITLES: Record<StepId, string> = {
  upload: 'Upload installation files to S3',
  iam: 'Create IAM roles',
  'key-pair': 'Create key pair and publish to AWS',
  vpc: 'Create VPC',
  subnet: 'Create subnet',
  'internet-gateway': 'Create internet gateway',
  'route-table': 'Create route table',
  'security-groups': 'Create security groups',
  'master-volume': 'Create and attach persistent volume to master',
  'master-instance': 'Create master instance',
  'node-group': 'Create node instances',
  validate: 'Validate cluster',
};

/** The checklist number of a step: 1..11 as in the seed; validation is 12. */
export const stepNumber = (step: StepId) => PROVISION_STEPS.indexOf(step) + 1;

/**
 * What one AWS call of a running step (or teardown item) is going through, as it happens: the
 * retry layers report each retry, and a call still unanswered after a while (30 s by default)
 * reports that it waits, with when it was sent, so a screen counts "no answer for N s" on its own
 * clock. `settled` follows the last signal of a call once it has an answer or has failed.
 * `call` tells a step's calls apart (unique in the process); `action` is the IAM action, e.g.
 * `ec2:DescribeVpcs`.
 */
export type CallSignal =
  | {
      kind: 'retry';
      call: number;
      action: string;
      /** The attempt now running, counting the first. */
      attempt: number;
      /** The SDK's attempts per call; absent for the engine's own time-bounded retries. */
      maxAttempts?: number;
      /** Why the last attempt failed: ECONNREFUSED, RequestLimitExceeded, InvalidGroup.NotFound… */
      reason: string;
    }
  | { kind: 'waiting'; call: number; action: string; since: number }
  | { kind: 'settled'; call: number };

export type ProvisionEvent =
  | { type: 'step-started'; step: StepId; at: number }
  /** A call of the step is retried or has no answer yet (see CallSignal). */
  | { type: 'step-call'; step: StepId; signal: CallSignal }
  /** Progress inside a step: a resource id as it appears, or what the step waits for. */
  | { type: 'step-detail'; step: StepId; message: string; resource?: ResourceRef }
  | { type: 'step-succeeded'; step: StepId; resources: ResourceRef[]; elapsedMs: number }
  /** Everything the step makes already existed (a rerun): nothing was created. */
  | { type: 'step-skipped'; step: StepId; reason: string; resources: ResourceRef[] }
  | { type: 'step-failed'; step: StepId; error: ClassifiedError }
  /** Validate cluster (real AWS): an instance's boot status changed, as the instance reported it. */
  | { type: 'instance-boot'; status: InstanceBootStatus }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

export type ProvisionListener = (event: ProvisionEvent) => void;

/** What a running step or item knows of one of its calls: its last retry, and how long it has waited. */
export interface CallState {
  call: number;
  action: string;
  retry?: { attempt: number; maxAttempts?: number; reason: string };
  /** When the call was sent, once it has waited long enough to say so. */
  waitingSince?: number;
}

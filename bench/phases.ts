// The registry of AWS phases, in the order they run.
import { inventoryPhase } from './inventory.js';
import type { AnyPhase } from './phase.js';
import { provisionPhase } from './provision.js';
import { teardownPhase } from './teardown.js';

export const AWS_PHASES: readonly AnyPhase[] = [provisionPhase, inventoryPhase, teardownPhase];

/** Every phase `--phases` accepts: the AWS phases, then `up` as a new process, then the CLI's start-up. */
export const PHASE_NAMES: readonly string[] = [...AWS_PHASES.map((phase) => phase.name), 'cold', 'startup'];

// The interactive app's single reducer. Screens render slices of this state and dispatch intents;
// nothing here knows about Ink or AWS, so it is unit-tested directly. The create flow is
// wizard ('create') -> review -> provision; teardown (a cluster, or the orphans) is one screen with
// its own phases. The wizard, the checklist and teardown have their own pure sub-reducers
// (wizard.ts, provision.ts, teardown-screen.ts, inventory-screen.ts).
import type { CallerIdentity } from '../model/engine.js';
import type { ClassifiedError } from '../model/errors.js';
import type { ResolvedOptions } from '../model/options.js';
import type { ClusterPlan } from '../model/plan.js';
import {
  discoverInventory,
  type InventoryAction,
  type InventoryState,
  initialInventoryScreen,
  inventoryReducer,
} from './inventory-screen.js';
import {
  initialProvisionState,
  type ProvisionAction,
  type ProvisionState,
  provisionReducer,
} from './provision.js';
import { newRequestId } from './request-id.js';
import {
  initialScaleState,
  isScaleBusy,
  type ScaleAction,
  type ScaleLaunch,
  type ScaleState,
  scaleReducer,
} from './scale-screen.js';
import { type SpendAction, type SpendState, spendReducer } from './spend.js';
import {
  initialTeardownState,
  isTeardownBusy,
  type TeardownAction,
  type TeardownLaunch,
  type TeardownOrigin,
  type TeardownState,
  teardownReducer,
} from './teardown-screen.js';
import { initialWizardState, type WizardAction, type WizardState, wizardReducer } from './wizard.js';

export type ScreenName = 'home' | 'create' | 'review' | 'provision' | 'inventory' | 'teardown' | 'scale';

/** The engine module is loaded lazily, when the create flow first needs AWS. */
export type EngineStatus =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'failed'; message: string };

/** engine.plan() for the wizard's config; `request` (unique in the process) tells a fresh answer from a stale one. */
export type ReviewState = {
  request: number;
  scroll: number;
  /** With warnings, the first Enter arms and the second creates. */
  armed?: boolean;
  /** The list of fields to change (its cursor), opened with `e`. */
  picker?: number;
} & ({ status: 'planning' } | { status: 'ready'; plan: ClusterPlan } | { status: 'failed'; message: string });

/**
 * Who the credentials are, resolved once the first frame is drawn (the header shows the account).
 * `request` (unique in the process) tells the answer to a retry from a stale one; `retrying` is
 * the credentials failure being asked again, which holds until STS answers.
 */
export type IdentityState = { request: number } & (
  | { status: 'resolving'; retrying?: ClassifiedError }
  | { status: 'known'; identity: CallerIdentity }
  | { status: 'failed'; error: ClassifiedError }
);

/**
 * No usable credentials, also while `r` asks again: the app shows only that, and offers only `r`
 * (retry) and `q` (quit, exit 3).
 */
export function missingCredentials(state: Pick<AppState, 'identity'>): ClassifiedError | undefined {
  const { identity } = state;
  const error =
    identity.status === 'failed'
      ? identity.error
      : identity.status === 'resolving'
        ? identity.retrying
        : undefined;
  return error?.kind === 'credentials' ? error : undefined;
}

/** Home's rows, in order. */
export const HOME_CHOICES = ['create', 'inventory', 'cleanup', 'quit'] as const;
export type HomeChoice = (typeof HOME_CHOICES)[number];

/** What a failed provisioning offers, in order. */
export const FAILURE_CHOICES = ['retry', 'rollback', 'quit'] as const;
export type FailureChoice = (typeof FAILURE_CHOICES)[number];

export interface AppState {
  screen: ScreenName;
  /** Home's highlighted row: kept while the user is elsewhere, so Home returns to it. */
  homeCursor: number;
  /** The highlighted choice after a failed provisioning (Retry, Roll back, Quit). */
  failureCursor: number;
  /** The `?` overlay listing the screen's keys. */
  help: boolean;
  inventory?: InventoryState;
  /** A one-line message shown above the footer (e.g. "not available yet"). */
  notice?: string;
  /** Set when the user asked to leave; the root component unmounts. */
  quitting: boolean;
  /** The user left with Ctrl+C (exit 130). */
  interrupted?: boolean;
  engine: EngineStatus;
  identity: IdentityState;
  wizard?: WizardState;
  review?: ReviewState;
  /** The reviewed plan being provisioned. */
  plan?: ClusterPlan;
  provision?: ProvisionState;
  /** A cluster's teardown or the orphans' cleanup. */
  teardown?: TeardownState;
  /** A cluster's node count being changed. */
  scale?: ScaleState;
  /** Home's spend line, scanned in every enabled region. */
  spend?: SpendState;
}

export type AppAction =
  | { type: 'navigate'; screen: ScreenName }
  | { type: 'back' }
  | { type: 'notice'; message: string | undefined }
  | { type: 'quit' }
  /** Ctrl+C: stops a running provisioning first; otherwise (or the second time) quits. */
  | { type: 'interrupt' }
  | { type: 'create/start'; resolved: ResolvedOptions }
  | { type: 'engine/status'; engine: EngineStatus }
  | { type: 'identity/known'; request: number; identity: CallerIdentity }
  | { type: 'identity/failed'; request: number; error: ClassifiedError }
  /** `r` when the credentials were missing: ask STS again. */
  | { type: 'identity/retry' }
  | { type: 'review/planned'; request: number; plan: ClusterPlan }
  | { type: 'review/plan-failed'; request: number; message: string }
  | { type: 'review/replan' }
  | { type: 'review/scroll'; by: number }
  /** Review's Create: start provisioning the reviewed plan. */
  | { type: 'create/confirm' }
  /** Opens the Teardown screen: `from` is where Esc returns (absent: the app was opened for it). */
  | { type: 'teardown/open'; launch: TeardownLaunch; from?: TeardownOrigin }
  /** Opens the Inventory with a fresh discovery; `inventory/refresh` runs another one. */
  | { type: 'inventory/open'; pick?: boolean }
  | { type: 'inventory/refresh' }
  /** Opens the Scale screen: `from` is where Esc returns (absent: the app was opened for it). */
  | { type: 'scale/open'; launch: ScaleLaunch; from?: 'inventory' }
  | ScaleAction
  | SpendAction
  | InventoryAction
  | WizardAction
  | ProvisionAction
  | TeardownAction;

export function initialAppState(screen: ScreenName = 'home'): AppState {
  return {
    screen,
    homeCursor: 0,
    failureCursor: 0,
    help: false,
    quitting: false,
    engine: { status: 'idle' },
    identity: { request: newRequestId(), status: 'resolving' },
  };
}

function toReview(state: AppState, wizard: WizardState): AppState {
  const request = newRequestId();
  return {
    ...state,
    wizard,
    screen: 'review',
    notice: undefined,
    review: { request, scroll: 0, status: 'planning' },
    plan: undefined,
  };
}

function onWizard(state: AppState, action: WizardAction): AppState {
  if (!state.wizard) return state;
  const next = wizardReducer(state.wizard, action);
  if ('outcome' in next) {
    if (next.outcome === 'exit') return { ...state, screen: 'home', notice: undefined };
    return toReview(state, next.state);
  }
  return { ...state, wizard: next };
}

function back(state: AppState): AppState {
  switch (state.screen) {
    case 'create':
      return onWizard(state, { type: 'wizard/back' });
    case 'review':
      return state.wizard ? { ...state, screen: 'create', review: undefined } : { ...state, screen: 'home' };
    case 'provision':
      // While AWS calls are in flight there is no going back; after success, back is Home.
      return state.provision?.phase.kind === 'succeeded'
        ? { ...state, screen: 'home', notice: undefined }
        : state;
    case 'teardown':
      // Esc cancels the confirmation (nothing deleted) or leaves a finished run; never mid-run.
      if (!state.teardown || isTeardownBusy(state.teardown)) return state;
      if (!state.teardown.from) return { ...state, quitting: true };
      // Back on the Inventory, it scans again: what was just deleted is gone from it.
      if (state.teardown.from === 'inventory' && state.inventory) {
        const inventory = discoverInventory(state.inventory, state.inventory.view);
        return { ...state, inventory, screen: 'inventory', notice: undefined };
      }
      return { ...state, screen: state.teardown.from, notice: undefined };
    case 'scale':
      return backFromScale(state);
    default:
      return { ...state, screen: 'home', notice: undefined };
  }
}

/** Esc on the Scale screen: a plan goes back to the number; otherwise leave (never mid-run). */
function backFromScale(state: AppState): AppState {
  const scale = state.scale;
  if (!scale || isScaleBusy(scale)) return state;
  if (scale.phase.kind === 'confirm' || scale.phase.kind === 'plan-failed')
    return { ...state, scale: scaleReducer(scale, { type: 'scale/edit' }) };
  if (!scale.from) return { ...state, quitting: true };
  // Back on the Inventory, it scans again: the group's new size shows.
  if (state.inventory) {
    const inventory = discoverInventory(state.inventory, state.inventory.view);
    return { ...state, inventory, screen: 'inventory', notice: undefined };
  }
  return { ...state, screen: 'home', notice: undefined };
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'navigate':
      return { ...state, screen: action.screen, notice: undefined };
    case 'inventory/open': {
      const pick = Boolean(state.inventory?.pick || action.pick);
      const inventory = discoverInventory(state.inventory, initialInventoryScreen(), pick);
      return { ...state, inventory, screen: 'inventory', notice: undefined };
    }
    case 'inventory/refresh':
      return state.inventory
        ? { ...state, inventory: discoverInventory(state.inventory, state.inventory.view) }
        : state;
    case 'inventory/loaded':
    case 'inventory/failed': {
      const inventory = state.inventory && inventoryReducer(state.inventory, action);
      return inventory && inventory !== state.inventory ? { ...state, inventory } : state;
    }
    case 'back':
      return back(state);
    case 'notice':
      return { ...state, notice: action.message };
    case 'quit':
      return { ...state, quitting: true };
    case 'identity/known':
      if (state.identity.request !== action.request) return state;
      return { ...state, identity: { request: action.request, status: 'known', identity: action.identity } };
    case 'identity/failed':
      if (state.identity.request !== action.request) return state;
      return { ...state, identity: { request: action.request, status: 'failed', error: action.error } };
    case 'identity/retry': {
      // One question at a time: a second r while STS is asked changes nothing.
      if (state.identity.status !== 'failed') return state;
      return {
        ...state,
        identity: { request: newRequestId(), status: 'resolving', retrying: state.identity.error },
      };
    }
    case 'interrupt':
      if (state.screen === 'provision' && state.provision?.phase.kind === 'running') {
        return { ...state, provision: provisionReducer(state.provision, { type: 'provision/interrupt' }) };
      }
      if (state.screen === 'teardown' && state.teardown?.phase.kind === 'running') {
        return { ...state, teardown: teardownReducer(state.teardown, { type: 'teardown/interrupt' }) };
      }
      if (state.screen === 'scale' && state.scale?.phase.kind === 'running') {
        return { ...state, scale: scaleReducer(state.scale, { type: 'scale/interrupt' }) };
      }
      return { ...state, quitting: true, interrupted: true };
    case 'teardown/open':
      return {
        ...state,
        screen: 'teardown',
        notice: undefined,
        teardown: initialTeardownState(action.launch, action.from),
      };
    case 'scale/open':
      return {
        ...state,
        screen: 'scale',
        notice: undefined,
        scale: initialScaleState(action.launch, action.from),
      };
    case 'create/start':
      return {
        ...state,
        screen: 'create',
        notice: undefined,
        wizard: initialWizardState(action.resolved),
        review: undefined,
        plan: undefined,
        provision: undefined,
      };
    case 'engine/status':
      return { ...state, engine: action.engine };
    case 'review/planned': {
      if (state.review?.request !== action.request) return state;
      const { sshCidr, apiCidr } = action.plan.config;
      return {
        ...state,
        review: { request: action.request, scroll: 0, status: 'ready', plan: action.plan },
        // The wizard names the CIDRs the review resolved, not "your IP".
        ...(state.wizard ? { wizard: { ...state.wizard, ingress: { ssh: sshCidr, api: apiCidr } } } : {}),
      };
    }
    case 'review/plan-failed':
      if (state.review?.request !== action.request) return state;
      return {
        ...state,
        review: { request: action.request, scroll: 0, status: 'failed', message: action.message },
      };
    case 'review/replan':
      return state.wizard && state.review?.status === 'failed' ? toReview(state, state.wizard) : state;
    case 'review/scroll':
      if (!state.review) return state;
      return { ...state, review: { ...state.review, scroll: Math.max(0, state.review.scroll + action.by) } };
    case 'create/confirm':
      if (state.screen !== 'review' || state.review?.status !== 'ready') return state;
      return {
        ...state,
        screen: 'provision',
        plan: state.review.plan,
        provision: initialProvisionState(),
        failureCursor: 0,
      };
    default:
      if (action.type.startsWith('wizard/')) return onWizard(state, action as WizardAction);
      if (action.type.startsWith('provision/') && state.provision) {
        return { ...state, provision: provisionReducer(state.provision, action as ProvisionAction) };
      }
      if (action.type.startsWith('teardown/') && state.teardown) {
        return { ...state, teardown: teardownReducer(state.teardown, action as TeardownAction) };
      }
      if (action.type.startsWith('spend/')) {
        const spend = spendReducer(state.spend, action as SpendAction);
        return spend === state.spend ? state : { ...state, spend };
      }
      if (action.type.startsWith('scale/') && state.scale) {
        return { ...state, scale: scaleReducer(state.scale, action as ScaleAction) };
      }
      return state;
  }
}

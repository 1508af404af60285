// Every key, on every screen, as a pure step of the app's reducer. The app splits each chunk of
// input into keys (keys.ts) and dispatches them one by one; React applies each to the state the
// previous one produced, so a burst (Down Enter, Down d, Esc Esc Esc, text then Enter) does exactly
// what the same keys typed slowly do. Cursors live in the state, never in a component.
import {
  type AppAction,
  type AppState,
  appReducer,
  FAILURE_CHOICES,
  HOME_CHOICES,
  type HomeChoice,
  missingCredentials,
} from './app-state.js';
import {
  desiredNodes,
  filteredInventory,
  type InventoryKey,
  inventoryKey,
  inventoryScreenReducer,
  listRows,
  nodeGroupZones,
} from './inventory-screen.js';
import { isChar, isCtrl, isCtrlC, isDownKey, isUpKey, type KeyPress } from './keys.js';
import { isScaleBusy, type ScaleState } from './scale-screen.js';
import { followSpend } from './spend.js';
import {
  cleanupLaunch,
  clusterTeardownLaunch,
  isTeardownBusy,
  type TeardownState,
} from './teardown-screen.js';
import { currentStep, editableFields, editStep, isTextStep } from './wizard.js';

/** What a key needs beyond the state: given by the app at each render. */
export interface KeyContext {
  /** Home's Create: the wizard's start, options resolved now (flags, environment, memory). */
  startCreate: () => AppAction;
  /** The region Cleanup scans. */
  cleanupRegion: string;
  env: NodeJS.ProcessEnv;
  /** Detail rows the Inventory shows at once. */
  inventoryRows: number;
  /** How far the current screen's scrolling list may scroll (review, teardown plan). */
  scrollLimit: (state: AppState) => number;
}

export type KeyAction = { type: 'key'; key: KeyPress; context: KeyContext };

/** The app's state, with the keys typed while a wizard list loads from AWS (applied once it arrives). */
export interface RootState extends AppState {
  heldKeys?: readonly KeyAction[];
}

/** The app's reducer: keys, and every other action. */
export function rootReducer(state: RootState, action: AppAction | KeyAction): RootState {
  return followSpend(
    action.type === 'key' ? onKeyOrHold(state, action) : replayHeld(appReducer(state, action)),
  );
}

/** Keys typed ahead of a list still loading from AWS; more than this is not typing. */
const HELD_KEYS_LIMIT = 64;

/**
 * Whether the screen is waiting for data that the next key acts on: a wizard list loading from AWS.
 * Enter Enter on the region step means "this region, then the zone that comes first", however long
 * the zones take to arrive.
 */
function awaitsList(state: AppState): boolean {
  if (state.screen !== 'create' || !state.wizard) return false;
  const step = currentStep(state.wizard);
  return step.kind === 'select' && Boolean(step.loading);
}

/** Keys a user may want at once while a list loads, when nothing is typed ahead of them. */
function actsAtOnce(key: KeyPress): boolean {
  return key.name === 'escape' || isChar(key, 'q') || isChar(key, '?');
}

function onKeyOrHold(state: RootState, action: KeyAction): RootState {
  const held = state.heldKeys ?? [];
  if (isCtrlC(action.key)) {
    const { heldKeys: _dropped, ...rest } = state;
    return onKey(rest, action.key, action.context);
  }
  if (awaitsList(state) && (held.length > 0 || !actsAtOnce(action.key))) {
    return held.length < HELD_KEYS_LIMIT ? { ...state, heldKeys: [...held, action] } : state;
  }
  return onKey(state, action.key, action.context);
}

/** Once the list has arrived (or the screen changed), the held keys are applied in order. */
function replayHeld(state: RootState): RootState {
  const held = state.heldKeys;
  if (!held || awaitsList(state)) return state;
  let next: RootState = { ...state, heldKeys: undefined };
  for (const action of held) next = onKeyOrHold(next, action);
  return next;
}

/** Whether printable keys are text being typed (so `q` and `?` are letters there). */
export function isTyping(state: AppState): boolean {
  if (state.screen === 'create' && state.wizard)
    return isTextStep(state.wizard) || state.wizard.typeahead !== '';
  if (state.screen === 'teardown')
    return state.teardown?.phase.kind === 'confirm' && state.teardown.phase.focus === 'name';
  if (state.screen === 'inventory') return Boolean(state.inventory?.view.filtering);
  return false;
}

/** `q` quits where no text is being typed and no AWS call would be left half done. */
export function mayQuitWithQ(state: AppState): boolean {
  switch (state.screen) {
    case 'create':
      return !isTyping(state);
    case 'provision':
      return state.provision?.phase.kind !== 'running' && state.provision?.phase.kind !== 'stopping';
    case 'teardown':
      return Boolean(
        state.teardown && state.teardown.phase.kind !== 'confirm' && !isTeardownBusy(state.teardown),
      );
    case 'scale':
      return Boolean(state.scale && !isScaleBusy(state.scale));
    default:
      return true;
  }
}

function onKey(state: AppState, key: KeyPress, context: KeyContext): AppState {
  if (isCtrlC(key)) return appReducer(state, { type: 'interrupt' });
  if (state.quitting) return state;
  // Without credentials nothing else can work: only retry and quit.
  if (missingCredentials(state)) {
    if (isChar(key, 'r')) return appReducer(state, { type: 'identity/retry' });
    if (isChar(key, 'q')) return appReducer(state, { type: 'quit' });
    return state;
  }
  // The help overlay: any key closes it (and does nothing else).
  if (state.help) return { ...state, help: false };
  if (isChar(key, '?') && !isTyping(state)) return { ...state, help: true };
  if (isChar(key, 'q') && !isTyping(state) && mayQuitWithQ(state)) return appReducer(state, { type: 'quit' });
  switch (state.screen) {
    case 'home':
      return homeKey(state, key, context);
    case 'create':
      return wizardKey(state, key);
    case 'review':
      return reviewKey(state, key, context);
    case 'provision':
      return provisionKey(state, key, context);
    case 'inventory':
      return inventoryScreenKey(state, key, context);
    case 'teardown':
      return teardownKey(state, key, context);
    case 'scale':
      return scaleKey(state, key);
  }
}

export function chooseHome(state: AppState, choice: HomeChoice, context: KeyContext): AppState {
  switch (choice) {
    case 'create':
      return appReducer(state, context.startCreate());
    case 'inventory':
      return appReducer(state, { type: 'inventory/open' });
    case 'cleanup':
      return appReducer(state, {
        type: 'teardown/open',
        launch: cleanupLaunch(context.cleanupRegion),
        from: 'home',
      });
    case 'quit':
      return appReducer(state, { type: 'quit' });
  }
}

const wrap = (index: number, count: number) => ((index % count) + count) % count;

function homeKey(state: AppState, key: KeyPress, context: KeyContext): AppState {
  const count = HOME_CHOICES.length;
  if (isUpKey(key)) return { ...state, homeCursor: wrap(state.homeCursor - 1, count) };
  if (isDownKey(key)) return { ...state, homeCursor: wrap(state.homeCursor + 1, count) };
  if (key.name === 'enter') return chooseHome(state, HOME_CHOICES[state.homeCursor] ?? 'create', context);
  if (isChar(key, 'r')) return appReducer(state, { type: 'spend/rescan' });
  return state;
}

function wizardKey(state: AppState, key: KeyPress): AppState {
  const wizard = state.wizard;
  if (!wizard) return state;
  if (key.name === 'escape') return appReducer(state, { type: 'back' });
  if (isTextStep(wizard)) {
    if (key.name === 'enter') return appReducer(state, { type: 'wizard/submit-text' });
    if (key.name === 'backspace' || key.name === 'delete') return appReducer(state, { type: 'wizard/erase' });
    if (key.name === 'text') return appReducer(state, { type: 'wizard/type', text: key.text });
    return state;
  }
  const step = currentStep(wizard);
  if (step.kind !== 'select' || step.loading) return state;
  if (key.name === 'enter') return appReducer(state, { type: 'wizard/accept' });
  if (key.name === 'backspace') return appReducer(state, { type: 'wizard/typeahead-erase' });
  // j and k move, unless letters are being typed ahead.
  if (wizard.typeahead === '' && (isUpKey(key) || isDownKey(key))) {
    return appReducer(state, { type: 'wizard/move', by: isUpKey(key) ? -1 : 1 });
  }
  if (key.name === 'up' || key.name === 'down') {
    return appReducer(state, { type: 'wizard/move', by: key.name === 'up' ? -1 : 1 });
  }
  if (key.name === 'text' && key.text !== ' ')
    return appReducer(state, { type: 'wizard/typeahead', text: key.text });
  return state;
}

function reviewKey(state: AppState, key: KeyPress, context: KeyContext): AppState {
  const review = state.review;
  if (!review) return state;
  if (review.picker !== undefined && state.wizard) {
    const fields = editableFields(state.wizard);
    if (key.name === 'escape') return { ...state, review: { ...review, picker: undefined } };
    if (isUpKey(key) || isDownKey(key)) {
      const picker = wrap(review.picker + (isUpKey(key) ? -1 : 1), fields.length);
      return { ...state, review: { ...review, picker } };
    }
    if (key.name === 'enter') {
      const field = fields[review.picker];
      if (!field) return state;
      return {
        ...state,
        screen: 'create',
        review: undefined,
        wizard: editStep(state.wizard, field.stepIndex),
      };
    }
    return state;
  }
  if (key.name === 'escape') return appReducer(state, { type: 'back' });
  if (key.name === 'enter') {
    // Warnings take one more deliberate key: the first Enter arms, the second creates.
    const warned = review.status === 'ready' && review.plan.warnings.length > 0;
    if (warned && !review.armed) return { ...state, review: { ...review, armed: true } };
    return appReducer(state, { type: 'create/confirm' });
  }
  if (isChar(key, 'e') && state.wizard) return { ...state, review: { ...review, picker: 0, armed: false } };
  if (isChar(key, 'r')) return appReducer(state, { type: 'review/replan' });
  if (isUpKey(key) || isDownKey(key)) {
    const limit = context.scrollLimit(state);
    const scroll = Math.max(0, Math.min(limit, Math.min(review.scroll, limit) + (isUpKey(key) ? -1 : 1)));
    return scroll === review.scroll ? state : { ...state, review: { ...review, scroll } };
  }
  return state;
}

function provisionKey(state: AppState, key: KeyPress, context: KeyContext): AppState {
  const phase = state.provision?.phase;
  if (key.name === 'escape') return appReducer(state, { type: 'back' });
  if (phase?.kind !== 'failed') return state;
  const count = FAILURE_CHOICES.length;
  if (isUpKey(key)) return { ...state, failureCursor: wrap(state.failureCursor - 1, count) };
  if (isDownKey(key)) return { ...state, failureCursor: wrap(state.failureCursor + 1, count) };
  if (key.name !== 'enter') return state;
  const choice = FAILURE_CHOICES[state.failureCursor] ?? 'retry';
  if (choice === 'retry') return appReducer(state, { type: 'provision/start' });
  if (choice === 'quit' || !state.wizard) return appReducer(state, { type: 'quit' });
  // What exists of this cluster goes, with the same plan and typed name; Esc comes back here.
  const { config } = state.wizard;
  const userBucket =
    state.plan && !state.plan.ownsBucket
      ? { name: state.plan.config.bucket, region: state.plan.config.bucketRegion }
      : undefined;
  return appReducer(state, {
    type: 'teardown/open',
    launch: clusterTeardownLaunch({ name: config.name, region: config.region }, context.env, userBucket),
    from: 'provision',
  });
}

function inventoryKeyName(key: KeyPress): InventoryKey | undefined {
  if (isUpKey(key)) return 'up';
  if (isDownKey(key)) return 'down';
  if (key.name === 'enter') return 'enter';
  if (key.name === 'escape') return 'escape';
  if (isChar(key, 'r')) return 'refresh';
  if (isChar(key, 'd')) return 'teardown';
  if (isChar(key, 's')) return 'scale';
  if (isChar(key, 'c')) return 'cleanup';
  return undefined;
}

function inventoryScreenKey(state: AppState, key: KeyPress, context: KeyContext): AppState {
  const flow = state.inventory;
  if (!flow) return key.name === 'escape' ? appReducer(state, { type: 'back' }) : state;
  const setFilter = (text: string, typing: boolean) => ({
    ...state,
    inventory: { ...flow, view: inventoryScreenReducer(flow.view, { type: 'filter', text, typing }) },
  });
  // `/` filters the list or table; while it is typed, printable keys go into it.
  if (flow.view.filtering) {
    const text = flow.view.filter ?? '';
    if (key.name === 'escape') return setFilter('', false);
    if (key.name === 'enter') return setFilter(text, false);
    if (key.name === 'backspace' || key.name === 'delete') return setFilter(text.slice(0, -1), true);
    if (key.name === 'text') return setFilter(text + key.text, true);
    return state;
  }
  if (isChar(key, '/')) return setFilter(flow.view.filter ?? '', true);
  if (key.name === 'escape' && flow.view.filter) return setFilter('', false);
  const name = inventoryKeyName(key);
  if (!name) return state;
  const inventory = filteredInventory(
    flow.load.status === 'loading' ? undefined : flow.load.inventory,
    flow.view,
  );
  const rows = listRows(inventory);
  const view = { ...flow.view, cursor: Math.min(flow.view.cursor, rows.length - 1) };
  // Picking a cluster for `down`: Enter on a cluster is its teardown, Esc on the list quits.
  if (flow.pick && view.view === 'list') {
    const row = rows[view.cursor];
    if (name === 'enter' && row?.kind === 'cluster') {
      return appReducer(state, {
        type: 'teardown/open',
        launch: clusterTeardownLaunch(row.cluster, context.env),
        from: 'inventory',
      });
    }
    if (name === 'escape') return appReducer(state, { type: 'quit' });
  }
  const { action, effect } = inventoryKey(view, inventory, name, context.inventoryRows);
  let next: AppState = action
    ? { ...state, inventory: { ...flow, view: inventoryScreenReducer(view, action) } }
    : state;
  if (!effect) return next;
  switch (effect.type) {
    case 'refresh':
      return appReducer(next, { type: 'inventory/refresh' });
    case 'teardown':
      return appReducer(next, {
        type: 'teardown/open',
        launch: clusterTeardownLaunch(effect.cluster, context.env),
        from: 'inventory',
      });
    case 'scale': {
      // A cluster with a node group per zone starts on the first zone's group; ←/→ picks another.
      const zones = nodeGroupZones(inventory, effect.cluster);
      const first = zones.length > 1 ? zones[0] : undefined;
      const nodes = first ? first.nodes : desiredNodes(inventory, effect.cluster);
      return appReducer(next, {
        type: 'scale/open',
        launch: {
          cluster: effect.cluster,
          ...(nodes === undefined ? {} : { nodes }),
          ...(first ? { zone: first.zone, zones } : {}),
        },
        from: 'inventory',
      });
    }
    case 'cleanup':
      return appReducer(next, {
        type: 'teardown/open',
        launch: cleanupLaunch(context.cleanupRegion),
        from: 'inventory',
      });
    case 'leave':
      next = appReducer(next, { type: 'back' });
      return next;
  }
}

const canReplan = (teardown: TeardownState) =>
  ['plan-failed', 'nothing', 'protected', 'finished', 'stopped'].includes(teardown.phase.kind);

function teardownKey(state: AppState, key: KeyPress, context: KeyContext): AppState {
  const teardown = state.teardown;
  if (!teardown) return state;
  if (key.name === 'escape') return appReducer(state, { type: 'back' });
  if (isCtrl(key, 'r')) return appReducer(state, { type: 'teardown/force-revoke' });
  if (teardown.phase.kind === 'confirm') {
    if (key.name === 'enter') return appReducer(state, { type: 'teardown/submit' });
    if (key.name === 'tab' || key.name === 'shift-tab') return appReducer(state, { type: 'teardown/focus' });
    // On the data volumes: arrows move, space ticks; nothing is typed into the name from here.
    if (teardown.phase.focus === 'volumes') {
      if (isUpKey(key) || isDownKey(key))
        return appReducer(state, { type: 'teardown/move', by: isUpKey(key) ? -1 : 1 });
      if (isChar(key, ' ')) return appReducer(state, { type: 'teardown/tick' });
      return state;
    }
    if (key.name === 'backspace' || key.name === 'delete')
      return appReducer(state, { type: 'teardown/erase' });
    if (key.name === 'text') return appReducer(state, { type: 'teardown/type', text: key.text });
    if (key.name === 'up' || key.name === 'down') {
      return appReducer(state, {
        type: 'teardown/scroll',
        by: key.name === 'up' ? -1 : 1,
        limit: context.scrollLimit(state),
      });
    }
    return state;
  }
  if (isChar(key, 'r') && canReplan(teardown)) return appReducer(state, { type: 'teardown/replan' });
  return state;
}

/** Digits and backspace on the entry, Enter to plan and to confirm, `r` to plan again, Esc back. */
function scaleKey(state: AppState, key: KeyPress): AppState {
  const scale: ScaleState | undefined = state.scale;
  if (!scale) return state;
  if (key.name === 'escape') return appReducer(state, { type: 'back' });
  const { phase } = scale;
  if (key.name === 'enter') return appReducer(state, { type: 'scale/submit' });
  if (phase.kind === 'entry') {
    if (key.name === 'backspace' || key.name === 'delete') return appReducer(state, { type: 'scale/erase' });
    if (key.name === 'text') return appReducer(state, { type: 'scale/type', text: key.text });
    if (key.name === 'right') return appReducer(state, { type: 'scale/zone', step: 1 });
    if (key.name === 'left') return appReducer(state, { type: 'scale/zone', step: -1 });
    return state;
  }
  if (isChar(key, 'e') && ['confirm', 'plan-failed', 'finished'].includes(phase.kind))
    return appReducer(state, { type: 'scale/edit' });
  if (isChar(key, 'r') && phase.kind === 'plan-failed') {
    const edited = appReducer(state, { type: 'scale/edit' });
    return appReducer(edited, { type: 'scale/submit' });
  }
  return state;
}

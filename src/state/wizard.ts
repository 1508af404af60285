// The creation wizard as pure data: its steps, what each offers, and a reducer over the answers.
// The Wizard screen renders `currentStep(state)`; the app's adapter hook feeds in the live region
// and zone lists. No Ink, no AWS: unit-tested directly.

import type { ClusterConfig } from '../model/config.js';
import { UsageError } from '../model/exit.js';
import {
  type Choice,
  ingressDefault,
  type OptionKey,
  type ResolvedIngress,
  type WizardPrompt,
  wizardKeys,
  wizardPrompt,
} from '../model/option-table.js';
import {
  fieldProblem,
  fitRemembered,
  parseOptionValue,
  REMEMBERED_LABEL,
  type ResolvedOptions,
  sourceLabel,
  validateConfig,
} from '../model/options.js';
import { INSTANCE_HOURLY_USD } from '../model/prices.js';
import { regionOfZone } from '../model/region.js';
import { marketNodes, nodeMarket } from '../model/spot.js';
import { nodeZonesLine } from '../model/zones.js';

export type { Choice };

/** A step sets the option of its name, but "advanced", which opens the network and access steps. */
export type WizardStepId = OptionKey | 'advanced';

/** The options the table asks in the wizard's main part, then the choice to change the advanced ones. */
export const MAIN_STEPS: readonly WizardStepId[] = [...wizardKeys('main'), 'advanced'];
export const ADVANCED_STEPS: readonly WizardStepId[] = wizardKeys('advanced');

/** Something fetched from the engine: the region and zone lists. */
export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; value: T }
  | { status: 'failed'; message: string };

export interface WizardState {
  stepIndex: number;
  /** The "advanced" step was answered with "change": its sub-steps follow. */
  customize: boolean;
  config: ClusterConfig;
  /** "from MASTER_SIZE", "from --nodes", "remembered …": dropped once the user picks another value. */
  labels: Partial<Record<OptionKey, string>>;
  origins: ResolvedOptions['origins'];
  notices: string[];
  /** The text typed on a text step (empty: keep the current value). */
  draft: string;
  /** A list step switched to typing a value of one's own ("other…"). */
  typing: boolean;
  /** The value of the list row under the cursor (absent: the step's current value). */
  highlighted?: string;
  /** Letters typed on a list step: the cursor jumps to the first row they begin. */
  typeahead: string;
  /** Opened from the review to change one field: answering it goes straight back to the review. */
  returnToReview?: boolean;
  /** Why the last answer was refused. */
  error?: string;
  regions: Loadable<string[]>;
  zones: { region: string; list: Loadable<string[]> };
  /**
   * The CIDRs the last plan resolved for SSH and the API (the caller's IP /32, or 0.0.0.0/0 when
   * it could not be learned, as always against an emulator): the wizard then says what the review
   * said instead of "your IP".
   */
  ingress?: ResolvedIngress;
}

export const OTHER = '\u0000other';
export const KEEP = 'keep';
export const CHANGE = 'change';

interface StepBase {
  id: WizardStepId;
  /** The option the step sets (none for "advanced"). */
  key?: OptionKey;
  title: string;
  help: string;
}
export interface SelectStep extends StepBase {
  kind: 'select';
  choices: Choice[];
  /** The row preselected: the current value. */
  initialIndex: number;
  /** Still fetching the choices from AWS. */
  loading?: boolean;
  /** Fetching failed: the message; the current value is offered alone. */
  loadError?: string;
}
export interface TextStep extends StepBase {
  kind: 'text';
  key: OptionKey;
  /** What Enter on an empty line keeps. */
  current: string;
  /** Optional values can be cleared by typing "none". */
  optional: boolean;
}
export type WizardStep = (SelectStep | TextStep) & {
  number: number;
  total: number;
  /** Set on the advanced sub-steps, which count on their own. */
  part?: 'network';
  /** "from MASTER_SIZE" and the like. */
  source?: string;
  warning?: string;
};

export function initialWizardState(resolved: ResolvedOptions): WizardState {
  const labels: Partial<Record<OptionKey, string>> = {};
  for (const key of Object.keys(resolved.sources) as OptionKey[]) {
    const label = sourceLabel(resolved, key);
    if (label) labels[key] = label;
  }
  return {
    stepIndex: 0,
    customize: false,
    config: { ...resolved.config },
    labels,
    origins: resolved.origins,
    notices: resolved.notices,
    draft: '',
    typing: false,
    typeahead: '',
    regions: { status: 'idle' },
    zones: { region: resolved.config.region, list: { status: 'idle' } },
  };
}

export function wizardSteps(state: Pick<WizardState, 'customize'>): readonly WizardStepId[] {
  return state.customize ? [...MAIN_STEPS, ...ADVANCED_STEPS] : MAIN_STEPS;
}

export function currentStepId(state: WizardState): WizardStepId {
  return wizardSteps(state)[state.stepIndex] ?? 'name';
}

const SIZE_CHOICES = [
  't3.small',
  't3.medium',
  't3.large',
  't3.xlarge',
  'm5.large',
  'm5.xlarge',
  'm6i.large',
  'c5.large',
  't3.micro',
  't2.micro',
];

function sizeChoices(current: string): Choice[] {
  const names = SIZE_CHOICES.includes(current) ? SIZE_CHOICES : [current, ...SIZE_CHOICES];
  return [
    ...names.map((name) => {
      const price = INSTANCE_HOURLY_USD[name];
      return { label: `${name.padEnd(12)}${price === undefined ? 'no price' : `~$${price}/h`}`, value: name };
    }),
    { label: 'other…      type an instance type', value: OTHER },
  ];
}

function listChoices(
  list: Loadable<string[]>,
  current: string,
): Pick<SelectStep, 'choices' | 'loading' | 'loadError'> {
  if (list.status === 'loaded') {
    const values = list.value.includes(current) ? list.value : [current, ...list.value];
    return { choices: values.map((value) => ({ label: value, value })) };
  }
  const only = [{ label: current, value: current }];
  if (list.status === 'failed') return { choices: only, loadError: list.message };
  return { choices: [], loading: true };
}

function describeAdvanced(config: ClusterConfig, ingress: WizardState['ingress']): string {
  const network = config.vpcId
    ? `VPC ${config.vpcId}${config.subnetId ? `, subnet ${config.subnetId}` : config.subnetCidr ? `, new subnet ${config.subnetCidr}` : ''}`
    : 'a new VPC 172.20.0.0/16';
  return [
    network,
    `SSH from ${config.sshCidr ?? ingressDefault(ingress?.ssh)}`,
    `API from ${config.apiCidr ?? ingressDefault(ingress?.api)}`,
    `root disks ${config.masterRootDiskType} ${config.masterRootDiskSize} GiB (master), ${config.nodeRootDiskType} ${config.nodeRootDiskSize} GiB (nodes)`,
    marketNodes(nodeMarket(config)),
    nodeZonesLine(config),
    `Kubernetes ${config.kubernetesVersion}`,
  ].join(' · ');
}

function selectStep(
  base: StepBase,
  choices: Choice[],
  current: string | undefined,
  extra: Partial<SelectStep> = {},
): SelectStep {
  const index = choices.findIndex((choice) => choice.value === current);
  return { ...base, kind: 'select', choices, initialIndex: Math.max(0, index), ...extra };
}

function textStep(base: StepBase & { key: OptionKey }, current: unknown, optional = false): TextStep {
  return { ...base, kind: 'text', current: current === undefined ? '' : String(current), optional };
}

/** The step of one option, as its prompt in the table describes it. */
function optionStep(state: WizardState, key: OptionKey, prompt: WizardPrompt): SelectStep | TextStep {
  const { config } = state;
  const current = config[key];
  const base = {
    id: key,
    key,
    title: prompt.title,
    help: typeof prompt.help === 'function' ? prompt.help(config, state.ingress) : prompt.help,
  };
  const { input } = prompt;
  switch (input.kind) {
    case 'text':
      return textStep(base, current, input.optional);
    case 'list':
      return selectStep(base, input.choices(config), String(current));
    case 'instance-type':
      return state.typing
        ? textStep({ ...base, help: 'Type an EC2 instance type, e.g. m7i.large.' }, current)
        : selectStep(base, sizeChoices(String(current)), String(current));
    case 'live': {
      // The zones of another region are still on their way.
      const list =
        input.list === 'regions'
          ? state.regions
          : state.zones.region === config.region
            ? state.zones.list
            : ({ status: 'loading' } as const);
      const offered = listChoices(list, String(current));
      return selectStep(base, offered.choices, String(current), offered);
    }
  }
}

/** The current step as the screen shows it: title, choices or text, source, advice. */
export function currentStep(state: WizardState): WizardStep {
  const id = currentStepId(state);
  const { config } = state;
  const prompt = id === 'advanced' ? undefined : wizardPrompt(id);
  const step: SelectStep | TextStep = prompt
    ? optionStep(state, id as OptionKey, prompt)
    : selectStep(
        { id: 'advanced', title: 'Network and access', help: describeAdvanced(config, state.ingress) },
        [
          { label: 'Keep these', value: KEEP },
          {
            label:
              'Change the VPC, subnet, SSH / API CIDRs, root disks, spot nodes, node zones or Kubernetes version',
            value: CHANGE,
          },
        ],
        state.customize ? CHANGE : KEEP,
      );
  return {
    ...step,
    // The main steps count to their own total, the advanced ones to theirs: the counter never
    // jumps (14 of 14, then 15 of 20).
    ...(state.stepIndex < MAIN_STEPS.length
      ? { number: state.stepIndex + 1, total: MAIN_STEPS.length }
      : { number: state.stepIndex - MAIN_STEPS.length + 1, total: ADVANCED_STEPS.length, part: 'network' }),
    source: step.key ? state.labels[step.key] : undefined,
    warning: stepWarning(state, step),
  };
}

/** The option's advice for the row under the cursor, else for its current value. */
function stepWarning(state: WizardState, step: SelectStep | TextStep): string | undefined {
  if (!step.key) return undefined;
  const looked =
    state.highlighted !== undefined && state.highlighted !== OTHER ? state.highlighted : undefined;
  return wizardPrompt(step.key)?.advice?.(looked ?? String(state.config[step.key]), state.config);
}

export type WizardAction =
  | { type: 'wizard/type'; text: string }
  | { type: 'wizard/erase' }
  | { type: 'wizard/submit-text' }
  | { type: 'wizard/choose'; value: string }
  | { type: 'wizard/highlight'; value: string }
  /** Moves the list's cursor, wrapping around. */
  | { type: 'wizard/move'; by: number }
  /** Chooses the row under the cursor. */
  | { type: 'wizard/accept' }
  /** Type-ahead on a list: one more letter, or one fewer. */
  | { type: 'wizard/typeahead'; text: string }
  | { type: 'wizard/typeahead-erase' }
  | { type: 'wizard/back' }
  | { type: 'wizard/regions'; list: Loadable<string[]> }
  | { type: 'wizard/zones'; region: string; list: Loadable<string[]> };

/** Leaving the wizard: Esc on the first step, or the last answer given and the whole config valid. */
export type WizardOutcome = WizardState | { outcome: 'exit' } | { outcome: 'complete'; state: WizardState };

const fresh = (state: WizardState): WizardState => ({
  ...state,
  draft: '',
  typing: false,
  highlighted: undefined,
  typeahead: '',
  error: undefined,
});

/** The row under the list's cursor: the highlighted value, else the step's current value. */
export function listCursor(state: WizardState, step: SelectStep): number {
  const index =
    state.highlighted === undefined ? -1 : step.choices.findIndex((c) => c.value === state.highlighted);
  return index >= 0 ? index : step.initialIndex;
}

/** The first row whose value or label begins with the typed letters (any case). */
function typeaheadMatch(choices: Choice[], typed: string): number {
  const prefix = typed.toLowerCase();
  return choices.findIndex(
    (choice) =>
      choice.value !== OTHER &&
      (choice.value.toLowerCase().startsWith(prefix) || choice.label.toLowerCase().startsWith(prefix)),
  );
}

function onList(state: WizardState, action: WizardAction): WizardOutcome {
  const step = currentStep(state);
  if (step.kind !== 'select' || step.loading || step.choices.length === 0) return state;
  const cursor = listCursor(state, step);
  switch (action.type) {
    case 'wizard/move': {
      const count = step.choices.length;
      const next = (((cursor + action.by) % count) + count) % count;
      return { ...state, highlighted: step.choices[next]!.value, typeahead: '' };
    }
    case 'wizard/accept':
      return wizardReducer(state, { type: 'wizard/choose', value: step.choices[cursor]!.value });
    case 'wizard/typeahead':
    case 'wizard/typeahead-erase': {
      const typed =
        action.type === 'wizard/typeahead' ? state.typeahead + action.text : state.typeahead.slice(0, -1);
      const match = typed === '' ? -1 : typeaheadMatch(step.choices, typed);
      return {
        ...state,
        typeahead: typed,
        ...(match >= 0 ? { highlighted: step.choices[match]!.value } : {}),
      };
    }
    default:
      return state;
  }
}

function setValue<K extends OptionKey>(state: WizardState, key: K, value: ClusterConfig[K]): WizardState {
  if (state.config[key] === value) return state;
  const labels = { ...state.labels };
  delete labels[key];
  const origins = { ...state.origins };
  delete origins[key];
  let config = { ...state.config, [key]: value };
  if (key === 'region' && regionOfZone(config.zone) !== value) {
    // A zone of the new region is chosen on the next step; its first one until the list arrives.
    config = { ...config, zone: `${value}a` };
    delete labels.zone;
    delete origins.zone;
  }
  // A remembered choice the new value leaves without a fit (node zones after a zone change) goes.
  const remembered = (Object.keys(labels) as OptionKey[]).filter(
    (other) => labels[other] === REMEMBERED_LABEL,
  );
  const fitted = fitRemembered(config, remembered);
  for (const other of fitted.setAside) delete labels[other];
  return { ...state, config: fitted.config, labels, origins, notices: [...state.notices, ...fitted.notices] };
}

function complete(state: WizardState): WizardOutcome {
  try {
    validateConfig(state.config, state.origins);
  } catch (error) {
    if (error instanceof UsageError) return { ...state, error: error.message };
    throw error;
  }
  const { returnToReview: _done, ...next } = fresh(state);
  return { outcome: 'complete', state: next };
}

/** Jumps to one step from the review; answering it (or Esc) returns to the review. */
export function editStep(state: WizardState, stepIndex: number): WizardState {
  return { ...fresh(state), stepIndex, returnToReview: true };
}

function advance(state: WizardState): WizardOutcome {
  const next = fresh(state);
  // From the review, one answer goes back to it (the advanced sub-steps, once chosen, come first).
  const intoAdvanced = currentStepId(state) === 'advanced' && state.customize;
  if (state.returnToReview && !intoAdvanced && !ADVANCED_STEPS.includes(currentStepId(state))) {
    return complete(state);
  }
  if (state.stepIndex + 1 < wizardSteps(state).length) return { ...next, stepIndex: state.stepIndex + 1 };
  return complete(state);
}

function answer<K extends OptionKey>(state: WizardState, key: K, text: string): WizardOutcome {
  let value: ClusterConfig[K];
  try {
    value = parseOptionValue(key, text);
  } catch (error) {
    // "--nodes two: expected …" -> "two: expected …": the step already says which option it is.
    if (error instanceof UsageError) return { ...state, error: error.message.replace(/^--\S+ /, '') };
    throw error;
  }
  const candidate = setValue(state, key, value);
  const problem = fieldProblem(key, value, candidate.config);
  if (problem) return { ...state, error: `${text}: expected ${problem}` };
  const refusal = wizardPrompt(key)?.refuse?.(String(value));
  if (refusal) return { ...state, error: refusal };
  return advance(candidate);
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardOutcome {
  switch (action.type) {
    case 'wizard/type':
      return { ...state, draft: state.draft + action.text, error: undefined };
    case 'wizard/erase':
      return { ...state, draft: state.draft.slice(0, -1), error: undefined };
    case 'wizard/highlight':
      return { ...state, highlighted: action.value };
    case 'wizard/move':
    case 'wizard/accept':
    case 'wizard/typeahead':
    case 'wizard/typeahead-erase':
      return onList(state, action);
    case 'wizard/regions':
      return { ...state, regions: action.list };
    case 'wizard/zones': {
      if (action.region !== state.config.region) return state;
      const zones = { region: action.region, list: action.list };
      // A guessed zone (the default, or "a" after a region change) that is not offered gives way to
      // the first one offered; a zone the user named is kept and left to plan() to judge.
      const offered = action.list.status === 'loaded' ? action.list.value : undefined;
      if (offered && offered.length > 0 && !offered.includes(state.config.zone) && !state.labels.zone) {
        return { ...setValue(state, 'zone', offered[0]!), zones };
      }
      return { ...state, zones };
    }
    case 'wizard/back':
      if (state.typing) return { ...state, typing: false, draft: '', error: undefined };
      if (state.typeahead) return { ...state, typeahead: '' };
      if (state.returnToReview) return complete(state);
      if (state.stepIndex === 0) return { outcome: 'exit' };
      return { ...fresh(state), stepIndex: state.stepIndex - 1 };
    case 'wizard/submit-text': {
      const step = currentStep(state);
      if (step.kind !== 'text') return state;
      const text = state.draft.trim();
      if (text === '') {
        const problem = fieldProblem(step.key, state.config[step.key] as never, state.config);
        return problem
          ? { ...state, error: `${step.current || '(empty)'}: expected ${problem}` }
          : advance(state);
      }
      if (step.optional && text.toLowerCase() === 'none') {
        return advance(setValue(state, step.key, undefined as never));
      }
      return answer(state, step.key, text);
    }
    case 'wizard/choose': {
      const step = currentStep(state);
      if (step.kind !== 'select') return state;
      if (action.value === OTHER) return { ...state, typing: true, draft: '', error: undefined };
      if (step.id === 'advanced') return advance({ ...state, customize: action.value === CHANGE });
      if (!step.key) return advance(state);
      return answer(state, step.key, action.value);
    }
  }
}

/** True when the step takes typed text, so printable keys (q included) belong to it. */
export function isTextStep(state: WizardState): boolean {
  return currentStep(state).kind === 'text';
}

/** The fields the review offers to change: every step with its title and current value. */
export function editableFields(state: WizardState): { stepIndex: number; title: string; value: string }[] {
  return wizardSteps(state).map((_, stepIndex) => {
    const step = currentStep({ ...fresh(state), stepIndex });
    const value =
      step.kind === 'text'
        ? step.current || '(none)'
        : step.id === 'advanced'
          ? step.help
          : (step.choices[step.initialIndex]?.value ?? '');
    return { stepIndex, title: step.title, value };
  });
}

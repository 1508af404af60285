// The interactive app: one reducer, a screen router and one input hook. Every key goes to the
// reducer (state/app-keys.ts), one at a time, in order; screens only render props. The engine is
// reached through the adapter hooks, loaded lazily, and never imported by a screen.
import { Box, render, Text, useApp, useStdin } from 'ink';
import { type ReactNode, useEffect, useMemo, useReducer, useRef } from 'react';
import { useCreateFlow } from './flows/use-create-flow.js';
import { useIdentityFlow } from './flows/use-identity-flow.js';
import { useInventoryFlow } from './flows/use-inventory-flow.js';
import { useKeys } from './flows/use-keys.js';
import { useScaleFlow } from './flows/use-scale-flow.js';
import { useSpendFlow } from './flows/use-spend-flow.js';
import { useTeardownFlow } from './flows/use-teardown-flow.js';
import { useTerminalSize } from './flows/use-terminal-size.js';
import { kubeconfigPath } from './local/paths.js';
import { type ChoiceStore, createChoiceStore } from './local/store.js';
import type { Engine } from './model/engine.js';
import { resolveOptions, type UpFlags } from './model/options.js';
import { type RunOutcome, teardownOutcome } from './model/outcome.js';
import { Credentials } from './screens/Credentials.js';
import { PrintedLog } from './screens/components/PrintOnce.js';
import { Help } from './screens/Help.js';
import { Home } from './screens/Home.js';
import { Inventory } from './screens/Inventory.js';
import { Provision } from './screens/Provision.js';
import { Review, reviewScrollLimit } from './screens/Review.js';
import { Scale } from './screens/Scale.js';
import { Teardown } from './screens/Teardown.js';
import { Wizard } from './screens/Wizard.js';
import { type KeyContext, rootReducer } from './state/app-keys.js';
import {
  type AppAction,
  type AppState,
  appReducer,
  initialAppState,
  missingCredentials,
} from './state/app-state.js';
import type { ScaleLaunch, ScaleState } from './state/scale-screen.js';
import { type TeardownLaunch, type TeardownState, teardownScrollLimit } from './state/teardown-screen.js';
import { editableFields } from './state/wizard.js';
import { credentialSource, identityText } from './wording/identity.js';

/** How the user left: the caller turns it into the exit code (model/outcome.ts's exitCodeOf). */
export type AppOutcome = RunOutcome;

export interface AppProps {
  /** Where AWS calls go, shown in the header: "us-west-2" or "us-west-2 · emulator http://…". */
  target: string;
  /** Loads the engine the first time the create flow needs AWS (its module pulls in the SDK). */
  loadEngine?: () => Promise<Engine>;
  /**
   * 'create' opens the wizard directly (`kube-tui up` on a terminal); 'pick-cluster' the clusters
   * found, to pick one to tear down (`kube-tui down` with no --cluster).
   */
  initialScreen?: 'home' | 'create' | 'pick-cluster';
  /** Opens the Teardown screen directly (`kube-tui down` / `cleanup --orphans` on a terminal). */
  initialTeardown?: TeardownLaunch;
  /** Opens the Scale screen directly (`kube-tui scale` on a terminal, without --yes). */
  initialScale?: ScaleLaunch;
  /** The region Home's Cleanup scans (the engine's default region). */
  region?: string;
  /** `up`'s flags (commander's camelCased options); they win over the environment and memory. */
  flags?: UpFlags;
  /** Where kube-up's variables are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Remembered wizard choices; without one nothing is remembered. */
  store?: ChoiceStore;
  /** `--profile`, for the header's account line (else AWS_PROFILE or the environment's keys). */
  profile?: string;
  onExit?: (outcome: AppOutcome) => void;
}

const noEngine = () => Promise.reject(new Error('the AWS engine is not available in this build'));

/** One engine (one set of AWS clients) for every screen, loaded the first time one needs it. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

function startAction(flags: UpFlags, env: NodeJS.ProcessEnv, store: ChoiceStore | undefined): AppAction {
  try {
    return { type: 'create/start', resolved: resolveOptions({ flags, env, remembered: store?.load() }) };
  } catch (error) {
    return { type: 'notice', message: error instanceof Error ? error.message : String(error) };
  }
}

function teardownScreenOutcome(teardown: TeardownState): AppOutcome {
  const { phase } = teardown;
  switch (phase.kind) {
    case 'finished':
      return teardownOutcome({ ran: phase.result });
    case 'plan-failed':
      return teardownOutcome({ scanFailed: phase.error });
    case 'failed':
      return 'failed';
    case 'stopping':
    case 'stopped':
      return 'stopped';
    case 'nothing':
      return teardownOutcome({ nothingIn: phase.plan });
    case 'protected':
      // As `down --yes` does: a refused teardown is not a finished one.
      return 'failed';
    default:
      return 'quit';
  }
}

function scaleScreenOutcome(scale: ScaleState): AppOutcome {
  switch (scale.phase.kind) {
    case 'finished':
      return 'scaled';
    case 'failed':
    case 'plan-failed':
      return 'failed';
    case 'stopping':
      return 'stopped';
    default:
      return 'quit';
  }
}

function outcomeOf(state: AppState): AppOutcome {
  if (state.interrupted) return 'interrupted';
  if (missingCredentials(state)) return 'denied';
  if (state.screen === 'scale' && state.scale) return scaleScreenOutcome(state.scale);
  if (state.screen === 'teardown' && state.teardown) return teardownScreenOutcome(state.teardown);
  switch (state.provision?.phase.kind) {
    case 'succeeded':
      return 'created';
    case 'failed':
      return 'failed';
    case 'stopping':
    case 'stopped':
      return 'stopped';
    default:
      return 'quit';
  }
}

export function App({
  target: where,
  loadEngine: loadEngineOnce = noEngine,
  initialScreen = 'home',
  initialTeardown,
  initialScale,
  region,
  flags = {},
  env = process.env,
  store,
  profile,
  onExit,
}: AppProps) {
  const [state, dispatch] = useReducer(rootReducer, undefined, () => {
    const home = initialAppState('home');
    if (initialTeardown) return appReducer(home, { type: 'teardown/open', launch: initialTeardown });
    if (initialScale) return appReducer(home, { type: 'scale/open', launch: initialScale });
    if (initialScreen === 'pick-cluster') return appReducer(home, { type: 'inventory/open', pick: true });
    return initialScreen === 'create' ? appReducer(home, startAction(flags, env, store)) : home;
  });
  const { exit } = useApp();
  // Cleanup scans the region the app was opened for (--region, KUBE_AWS_ZONE, AWS_REGION, us-west-2).
  const cleanupRegion = region ?? (typeof flags.region === 'string' ? flags.region : 'us-west-2');
  const { isRawModeSupported } = useStdin();
  const interactive = Boolean(isRawModeSupported);
  const { rows, columns } = useTerminalSize();
  const loadEngine = useMemo(() => once(loadEngineOnce), [loadEngineOnce]);
  // After the first frame: who the credentials are, for the header (and whether there are any).
  useIdentityFlow(state, dispatch, loadEngine);
  useCreateFlow(state, dispatch, loadEngine);
  useTeardownFlow(state, dispatch, loadEngine);
  useInventoryFlow(state, dispatch, loadEngine);
  useScaleFlow(state, dispatch, loadEngine);
  useSpendFlow(state, dispatch, loadEngine);

  const outcome = outcomeOf(state);
  const exited = useRef(false);
  useEffect(() => {
    if (!state.quitting || exited.current) return;
    exited.current = true;
    onExit?.(outcome);
    exit();
  }, [state.quitting, outcome, onExit, exit]);

  // The reviewed choices are remembered once the user creates with them.
  const created = state.screen === 'provision' ? state.plan : undefined;
  const config = state.wizard?.config;
  useEffect(() => {
    if (created && config) store?.save(config);
  }, [created, config, store]);

  const inventoryRows = Math.max(5, (rows ?? 24) - 14);
  const context: KeyContext = {
    startCreate: () => startAction(flags, env, store),
    cleanupRegion,
    env,
    inventoryRows,
    scrollLimit: (current) => {
      if (current.screen === 'review' && current.review) {
        return reviewScrollLimit(current.review, current.wizard?.notices ?? [], rows, columns);
      }
      if (current.screen === 'teardown' && current.teardown)
        return teardownScrollLimit(current.teardown, rows);
      return 0;
    },
  };
  useKeys((key) => dispatch({ type: 'key', key, context }), interactive);

  const source = credentialSource(profile, env);
  // Every screen's header names the account, as k9s names its context: after the region and the
  // word "emulator", before the endpoint's URL, which a narrow terminal cuts off first.
  const [whereRegion, endpoint] = where.split(' · emulator ');
  const identity = identityText(state.identity, source);
  const target =
    endpoint === undefined
      ? `${where} · ${identity}`
      : `${whereRegion} · emulator · ${identity} · ${endpoint}`;
  let screen: ReactNode;
  const missing = missingCredentials(state);
  if (missing) {
    screen = (
      <Credentials
        target={target}
        error={missing}
        source={source}
        checking={state.identity.status === 'resolving'}
      />
    );
  } else if (state.help) {
    screen = <Help screen={state.screen} target={target} />;
  } else if (state.screen === 'create' && state.wizard) {
    screen = <Wizard target={target} wizard={state.wizard} interactive={interactive} rows={rows} />;
  } else if (state.screen === 'review' && state.review) {
    screen = (
      <Review
        target={target}
        review={state.review}
        notices={state.wizard?.notices ?? []}
        fields={state.wizard ? editableFields(state.wizard) : []}
        rows={rows}
        columns={columns}
      />
    );
  } else if (state.screen === 'provision' && state.provision && state.wizard) {
    screen = (
      <Provision
        target={target}
        config={state.wizard.config}
        state={state.provision}
        failureCursor={state.failureCursor}
        env={env}
        defaultKubeconfig={kubeconfigPath(env)}
      />
    );
  } else if (state.screen === 'inventory') {
    screen = (
      <Inventory
        target={target}
        load={state.inventory?.load ?? { status: 'loading' }}
        view={state.inventory?.view}
        pick={Boolean(state.inventory?.pick)}
        visibleRows={inventoryRows}
      />
    );
  } else if (state.screen === 'scale' && state.scale) {
    screen = <Scale target={target} state={state.scale} />;
  } else if (state.screen === 'teardown' && state.teardown) {
    screen = <Teardown target={target} state={state.teardown} interactive={interactive} rows={rows} />;
  } else {
    screen = <Home target={target} notice={state.notice} cursor={state.homeCursor} spend={state.spend} />;
  }

  return (
    <Box flexDirection="column" width="100%">
      <PrintedLog>
        {screen}
        {state.quitting ? <Text dimColor>bye</Text> : null}
      </PrintedLog>
    </Box>
  );
}

export interface RunAppOptions extends Omit<AppProps, 'onExit'> {
  loadEngine: () => Promise<Engine>;
}

/**
 * Mounts the app on the real terminal and resolves, with how the user left, when they quit.
 * Without a `store`, wizard choices are remembered with conf under the config directory.
 */
export async function runApp(options: RunAppOptions): Promise<AppOutcome> {
  let outcome: AppOutcome = 'quit';
  const store = options.store ?? createChoiceStore(options.env);
  // Node prints process warnings (the SDK's own among them) straight to stderr, through the frame
  // Ink draws: hold them while the app is mounted and print them after.
  const warningListeners = process.listeners('warning');
  const heldWarnings: Error[] = [];
  const holdWarning = (warning: Error) => heldWarnings.push(warning);
  process.removeAllListeners('warning');
  process.on('warning', holdWarning);
  const instance = render(
    <App
      {...options}
      store={store}
      onExit={(value) => {
        outcome = value;
      }}
    />,
    { exitOnCtrlC: false },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('warning', holdWarning);
    for (const listener of warningListeners) process.on('warning', listener);
    for (const warning of heldWarnings) process.emitWarning(warning);
  }
  return outcome;
}

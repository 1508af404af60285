// The interactive app: one reducer, a screen router and the global keys. Screens only render
// props and dispatch intents; the engine is reached through the adapter hook, loaded lazily, and
// never imported by a screen.
import { Box, render, Text, useApp, useInput, useStdin } from 'ink';
import { type ReactNode, useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { Home, type HomeChoice } from './screens/Home.js';
import { InventoryRoute } from './screens/InventoryRoute.js';
import { isBack, isInterrupt, isQuit } from './screens/keymap.js';
import { type FailureChoice, Provision } from './screens/Provision.js';
import { Review } from './screens/Review.js';
import { useCreateFlow } from './screens/use-create-flow.js';
import { useTerminalSize } from './screens/use-terminal-size.js';
import { Wizard } from './screens/Wizard.js';
import { type AppAction, type AppState, appReducer, initialAppState } from './state/app-state.js';
import type { Engine } from './state/engine.js';
import { resolveOptions, type UpFlags } from './state/options.js';
import { type ChoiceStore, createChoiceStore } from './state/store.js';
import { isTextStep } from './state/wizard.js';

/** How the user left: the caller turns it into the exit code. */
export type AppOutcome = 'created' | 'failed' | 'stopped' | 'quit';

export interface AppProps {
  /** Where AWS calls go, shown in the header: "us-west-2" or "us-west-2 · emulator http://…". */
  target: string;
  /** Loads the engine the first time the create flow needs AWS (its module pulls in the SDK). */
  loadEngine?: () => Promise<Engine>;
  /** 'create' opens the wizard directly (`kube-tui up` on a terminal). */
  initialScreen?: 'home' | 'create';
  /** `up`'s flags (commander's camelCased options); they win over the environment and memory. */
  flags?: UpFlags;
  /** Where kube-up's variables are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Remembered wizard choices; without one nothing is remembered. */
  store?: ChoiceStore;
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

function outcomeOf(state: AppState): AppOutcome {
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

/** `q` quits where no text is being typed and no AWS call would be left half done. */
function mayQuitWithQ(state: AppState): boolean {
  switch (state.screen) {
    case 'create':
      return state.wizard ? !isTextStep(state.wizard) : true;
    case 'provision':
      return state.provision?.phase.kind !== 'running';
    default:
      return true;
  }
}

export function App({
  target,
  loadEngine: loadEngineOnce = noEngine,
  initialScreen = 'home',
  flags = {},
  env = process.env,
  store,
  onExit,
}: AppProps) {
  const [state, dispatch] = useReducer(appReducer, undefined, () => {
    const home = initialAppState('home');
    return initialScreen === 'create' ? appReducer(home, startAction(flags, env, store)) : home;
  });
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const interactive = Boolean(isRawModeSupported);
  const { rows } = useTerminalSize();
  const loadEngine = useMemo(() => once(loadEngineOnce), [loadEngineOnce]);
  useCreateFlow(state, dispatch, loadEngine);

  const outcome = outcomeOf(state);
  const exited = useRef(false);
  useEffect(() => {
    if (!state.quitting || exited.current) return;
    exited.current = true;
    onExit?.(outcome);
    exit();
  }, [state.quitting, outcome, onExit, exit]);

  useInput(
    (input, key) => {
      if (isInterrupt(input, key)) dispatch({ type: 'interrupt' });
      // The inventory handles Esc itself: back from a cluster's details to its list first.
      else if (isBack(input, key) && state.screen !== 'inventory') dispatch({ type: 'back' });
      else if (isQuit(input, key) && mayQuitWithQ(state)) dispatch({ type: 'quit' });
    },
    { isActive: interactive },
  );

  const chooseHome = (choice: HomeChoice) => {
    if (choice === 'quit') dispatch({ type: 'quit' });
    else if (choice === 'create') dispatch(startAction(flags, env, store));
    else if (choice === 'inventory') dispatch({ type: 'navigate', screen: 'inventory' });
    else dispatch({ type: 'notice', message: 'Cleanup is not available yet: teardown lands with issue 7.' });
  };

  const create = useCallback(() => {
    if (state.wizard) store?.save(state.wizard.config);
    dispatch({ type: 'create/confirm' });
  }, [state.wizard, store]);

  const chooseAfterFailure = (choice: FailureChoice) => {
    if (choice === 'retry') dispatch({ type: 'provision/start' });
    else if (choice === 'rollback') dispatch({ type: 'provision/rollback' });
    else dispatch({ type: 'quit' });
  };

  let screen: ReactNode;
  if (state.screen === 'create' && state.wizard) {
    screen = (
      <Wizard
        target={target}
        wizard={state.wizard}
        interactive={interactive}
        rows={rows}
        onChoose={(value) => dispatch({ type: 'wizard/choose', value })}
        onHighlight={(value) => dispatch({ type: 'wizard/highlight', value })}
        onType={(text) => dispatch({ type: 'wizard/type', text })}
        onErase={() => dispatch({ type: 'wizard/erase' })}
        onSubmit={() => dispatch({ type: 'wizard/submit-text' })}
      />
    );
  } else if (state.screen === 'review' && state.review) {
    screen = (
      <Review
        target={target}
        review={state.review}
        notices={state.wizard?.notices ?? []}
        interactive={interactive}
        rows={rows}
        onCreate={create}
        onReplan={() => dispatch({ type: 'review/replan' })}
        onScroll={(by) => dispatch({ type: 'review/scroll', by })}
      />
    );
  } else if (state.screen === 'provision' && state.provision && state.wizard) {
    screen = (
      <Provision
        target={target}
        config={state.wizard.config}
        state={state.provision}
        interactive={interactive}
        env={env}
        onChoose={chooseAfterFailure}
      />
    );
  } else if (state.screen === 'inventory') {
    screen = (
      <InventoryRoute
        target={target}
        loadEngine={loadEngine}
        interactive={interactive}
        visibleRows={Math.max(5, (rows ?? 24) - 14)}
        onTeardown={(cluster) => {
          dispatch({ type: 'back' });
          dispatch({
            type: 'notice',
            message: `To remove ${cluster.name}: kube-tui down --cluster ${cluster.name} --region ${cluster.region}`,
          });
        }}
        onCleanup={() => {
          dispatch({ type: 'back' });
          dispatch({ type: 'notice', message: 'Cleanup is not available yet: teardown lands with issue 7.' });
        }}
        onBack={() => dispatch({ type: 'back' })}
      />
    );
  } else {
    screen = <Home target={target} notice={state.notice} interactive={interactive} onChoose={chooseHome} />;
  }

  return (
    <Box flexDirection="column" width="100%">
      {screen}
      {state.quitting ? <Text dimColor>bye</Text> : null}
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

// The interactive app: one reducer, a screen router and the global keys. Screens only render
// props and dispatch intents; the engine is reached through props, never imported by a screen.
import { Box, render, Text, useApp, useInput, useStdin } from 'ink';
import { useEffect, useReducer } from 'react';
import { Home, type HomeChoice } from './screens/Home.js';
import { isBack, isInterrupt, isQuit } from './screens/keymap.js';
import { type AppState, appReducer, initialAppState, type ScreenName } from './state/app-state.js';

export interface AppProps {
  /** Where AWS calls go, shown in the header: "us-west-2" or "us-west-2 · emulator http://…". */
  target: string;
  initialScreen?: ScreenName;
}

const NOT_YET: Record<Exclude<ScreenName, 'home'>, string> = {
  create: 'Create is not available yet: the provisioning engine lands with issue 3.',
  inventory: 'Inventory is not available yet.',
  cleanup: 'Cleanup is not available yet.',
};

export function App({ target, initialScreen = 'home' }: AppProps) {
  const [state, dispatch] = useReducer(appReducer, initialScreen, initialAppState);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();

  useEffect(() => {
    if (state.quitting) exit();
  }, [state.quitting, exit]);

  useInput(
    (input, key) => {
      if (isInterrupt(input, key)) dispatch({ type: 'quit' });
      else if (state.screen === 'home' && isQuit(input, key)) dispatch({ type: 'quit' });
      else if (state.screen !== 'home' && isBack(input, key)) dispatch({ type: 'back' });
    },
    { isActive: isRawModeSupported },
  );

  const choose = (choice: HomeChoice) => {
    if (choice === 'quit') dispatch({ type: 'quit' });
    else dispatch({ type: 'notice', message: NOT_YET[choice] });
  };

  return (
    <Box flexDirection="column" width="100%">
      {renderScreen(state, target, Boolean(isRawModeSupported), choose)}
      {state.quitting ? <Text dimColor>bye</Text> : null}
    </Box>
  );
}

function renderScreen(
  state: AppState,
  target: string,
  interactive: boolean,
  choose: (c: HomeChoice) => void,
) {
  switch (state.screen) {
    default:
      return <Home target={target} notice={state.notice} interactive={interactive} onChoose={choose} />;
  }
}

/** Mounts the app on the real terminal and resolves when the user quits. */
export async function runApp(props: AppProps): Promise<void> {
  const instance = render(<App {...props} />, { exitOnCtrlC: false });
  await instance.waitUntilExit();
}

// The interactive app's single reducer. Screens render slices of this state and dispatch intents;
// nothing here knows about Ink or AWS, so it is unit-tested directly.
export type ScreenName = 'home' | 'create' | 'inventory' | 'cleanup';

export interface AppState {
  screen: ScreenName;
  /** A one-line message shown above the footer (e.g. "not available yet"). */
  notice?: string;
  /** Set when the user asked to leave; the root component unmounts. */
  quitting: boolean;
}

export type AppAction =
  | { type: 'navigate'; screen: ScreenName }
  | { type: 'back' }
  | { type: 'notice'; message: string | undefined }
  | { type: 'quit' };

export function initialAppState(screen: ScreenName = 'home'): AppState {
  return { screen, quitting: false };
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'navigate':
      return { ...state, screen: action.screen, notice: undefined };
    case 'back':
      return { ...state, screen: 'home', notice: undefined };
    case 'notice':
      return { ...state, notice: action.message };
    case 'quit':
      return { ...state, quitting: true };
  }
}

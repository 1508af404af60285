// The words the footer and the `?` overlay show for each key. Which key does what is decided in
// one place, the app's key reducer (state/app-keys.ts), over the keys of state/keys.ts.
export interface KeyHint {
  keys: string;
  action: string;
}

export const HINTS = {
  move: { keys: '↑/↓ j/k', action: 'move' },
  select: { keys: 'enter', action: 'select' },
  back: { keys: 'esc', action: 'back' },
  quit: { keys: 'q', action: 'quit' },
  refresh: { keys: 'r', action: 'refresh' },
  accept: { keys: 'enter', action: 'accept' },
  type: { keys: 'type', action: 'edit' },
  typeahead: { keys: 'type', action: 'jump to a row' },
  create: { keys: 'enter', action: 'create' },
  scroll: { keys: '↑/↓', action: 'scroll' },
  retryPlan: { keys: 'r', action: 'plan again' },
  retryCredentials: { keys: 'r', action: 'try the credentials again' },
  stop: { keys: 'ctrl+c', action: 'stop' },
  quitNow: { keys: 'ctrl+c', action: 'quit' },
  home: { keys: 'esc', action: 'home' },
  help: { keys: '?', action: 'help' },
} satisfies Record<string, KeyHint>;

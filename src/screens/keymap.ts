// Every key the app understands, in one place, with the words the footer shows for it.
import type { Key } from 'ink';

export interface KeyHint {
  keys: string;
  action: string;
}

export const isUp = (input: string, key: Key) => key.upArrow || input === 'k';
export const isDown = (input: string, key: Key) => key.downArrow || input === 'j';
export const isSelect = (_input: string, key: Key) => key.return;
export const isBack = (_input: string, key: Key) => key.escape;
export const isQuit = (input: string, key: Key) => input === 'q' && !key.ctrl && !key.meta;
export const isRefresh = (input: string, key: Key) => input === 'r' && !key.ctrl && !key.meta;
export const isInterrupt = (input: string, key: Key) => key.ctrl && input === 'c';

export const HINTS = {
  move: { keys: '↑/↓ j/k', action: 'move' },
  select: { keys: 'enter', action: 'select' },
  back: { keys: 'esc', action: 'back' },
  quit: { keys: 'q', action: 'quit' },
  refresh: { keys: 'r', action: 'refresh' },
  accept: { keys: 'enter', action: 'accept' },
  type: { keys: 'type', action: 'edit' },
  create: { keys: 'enter', action: 'create' },
  scroll: { keys: '↑/↓', action: 'scroll' },
  retryPlan: { keys: 'r', action: 'plan again' },
  stop: { keys: 'ctrl+c', action: 'stop' },
  quitNow: { keys: 'ctrl+c', action: 'quit' },
  home: { keys: 'esc', action: 'home' },
} satisfies Record<string, KeyHint>;

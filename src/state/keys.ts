// Keys as the reducer sees them. Over SSH (and from tmux, or a paste) several keys arrive in one
// chunk: "\u001B[B\r" is Down then Enter, "tui\r" is t, u, i, Enter, and Ink hands "\u001B\u001B" on
// as one meta-escape. Every chunk is split here into single keys, which the app applies one by one,
// each to the state the previous one produced. Pure: no Ink.

export type KeyName =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'enter'
  | 'escape'
  | 'backspace'
  | 'delete'
  | 'tab'
  | 'shift-tab'
  | 'page-up'
  | 'page-down'
  | 'home'
  | 'end'
  /** Ctrl plus a letter: `text` is the letter. */
  | 'ctrl'
  /** A printable character: `text` is it. */
  | 'text'
  | 'other';

export interface KeyPress {
  name: KeyName;
  text: string;
}

const ESC = '\u001B';

const SEQUENCES: Record<string, KeyName> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  '[Z': 'shift-tab',
  '[5~': 'page-up',
  '[6~': 'page-down',
  '[H': 'home',
  '[F': 'end',
  OH: 'home',
  OF: 'end',
  '[1~': 'home',
  '[4~': 'end',
  '[7~': 'home',
  '[8~': 'end',
  '[3~': 'delete',
};

/** Where the escape sequence starting at `start` (an ESC) ends: one past its last character. */
function sequenceEnd(chunk: string, start: number): number {
  const kind = chunk[start + 1];
  if (kind === '[') {
    // CSI: parameter and intermediate bytes, then one final byte in @..~.
    for (let index = start + 2; index < chunk.length; index++) {
      const code = chunk.charCodeAt(index);
      if (code >= 0x40 && code <= 0x7e && !(index === start + 2 && chunk[index] === '[')) return index + 1;
    }
    return chunk.length;
  }
  if (kind === 'O' && start + 2 < chunk.length) return start + 3;
  // A lone ESC, or ESC before another key: Escape on its own (ESC ESC is two Escapes).
  return start + 1;
}

/** The single keys of one chunk of input, in order. */
export function splitKeys(chunk: string): string[] {
  const keys: string[] = [];
  let index = 0;
  while (index < chunk.length) {
    if (chunk[index] === ESC) {
      const end = sequenceEnd(chunk, index);
      keys.push(chunk.slice(index, end));
      index = end;
      continue;
    }
    const codePoint = chunk.codePointAt(index) ?? 0;
    const length = codePoint > 0xffff ? 2 : 1;
    // CR LF from a paste is one Enter.
    if (chunk[index] === '\r' && chunk[index + 1] === '\n') {
      keys.push('\r');
      index += 2;
      continue;
    }
    keys.push(chunk.slice(index, index + length));
    index += length;
  }
  return keys;
}

/** What one key (from splitKeys) is. */
export function parseKey(sequence: string): KeyPress {
  if (sequence === '\r' || sequence === '\n') return { name: 'enter', text: '' };
  if (sequence === '\u007F' || sequence === '\b') return { name: 'backspace', text: '' };
  if (sequence === '\t') return { name: 'tab', text: '' };
  if (sequence === ESC) return { name: 'escape', text: '' };
  if (sequence.startsWith(ESC)) return { name: SEQUENCES[sequence.slice(1)] ?? 'other', text: '' };
  const code = sequence.codePointAt(0) ?? 0;
  if (code < 0x20) return { name: 'ctrl', text: String.fromCharCode(code + 0x60) };
  return { name: 'text', text: sequence };
}

export function keysOf(chunk: string): KeyPress[] {
  return splitKeys(chunk).map(parseKey);
}

export const isCtrl = (key: KeyPress, letter: string) => key.name === 'ctrl' && key.text === letter;
export const isCtrlC = (key: KeyPress) => isCtrl(key, 'c');
export const isUpKey = (key: KeyPress) => key.name === 'up' || (key.name === 'text' && key.text === 'k');
export const isDownKey = (key: KeyPress) => key.name === 'down' || (key.name === 'text' && key.text === 'j');
export const isChar = (key: KeyPress, char: string) => key.name === 'text' && key.text === char;

import { describe, expect, it } from 'vitest';
import { keysOf, splitKeys } from '../../src/state/keys.js';

describe('splitting a chunk of input into keys', () => {
  it('splits bursts into single keys, in order', () => {
    expect(splitKeys('\u001B[B\r')).toEqual(['\u001B[B', '\r']);
    expect(splitKeys('\r\r')).toEqual(['\r', '\r']);
    expect(splitKeys('j\r')).toEqual(['j', '\r']);
    expect(splitKeys('tui\r')).toEqual(['t', 'u', 'i', '\r']);
    expect(splitKeys('\u001B[Bd')).toEqual(['\u001B[B', 'd']);
  });

  it('reads ESC ESC ESC as three Escapes, and a paste’s CR LF as one Enter', () => {
    expect(keysOf('\u001B\u001B\u001B').map((key) => key.name)).toEqual(['escape', 'escape', 'escape']);
    expect(keysOf('\u001B\u001B').map((key) => key.name)).toEqual(['escape', 'escape']);
    expect(keysOf('ab\r\n').map((key) => key.name)).toEqual(['text', 'text', 'enter']);
  });

  it('names arrows, SS3 arrows, Ctrl+C, backspace and pages', () => {
    expect(keysOf('\u001B[A\u001BOB\u0003\u007F\u001B[5~\u001B[Z').map((key) => key.name)).toEqual([
      'up',
      'down',
      'ctrl',
      'backspace',
      'page-up',
      'shift-tab',
    ]);
    expect(keysOf('\u0003')[0]).toEqual({ name: 'ctrl', text: 'c' });
    expect(keysOf('é😀')).toEqual([
      { name: 'text', text: 'é' },
      { name: 'text', text: '😀' },
    ]);
  });
});

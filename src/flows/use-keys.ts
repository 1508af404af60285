// The app's one input hook: every chunk Ink reads is split into single keys, handed on in order.
// Ink's own useInput passes a burst like "j\r" or "\u001B\u001B" on as one input, and its handlers
// see the state of the last render; the app instead dispatches each key to its reducer.
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { type KeyPress, keysOf } from '../state/keys.js';

export function useKeys(onKey: (key: KeyPress) => void, isActive: boolean): void {
  const { setRawMode, internal_eventEmitter: input } = useStdin();
  const handler = useRef(onKey);
  handler.current = onKey;

  useEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isActive, setRawMode]);

  useEffect(() => {
    if (!isActive) return;
    const onInput = (chunk: string) => {
      for (const key of keysOf(chunk)) handler.current(key);
    };
    input.on('input', onInput);
    return () => {
      input.off('input', onInput);
    };
  }, [isActive, input]);
}

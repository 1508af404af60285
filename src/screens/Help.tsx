// The `?` overlay: every key of the screen underneath, with what it does. Any key closes it.
import { Box, Text } from 'ink';
import type { ScreenName } from '../state/app-state.js';
import { Header } from './components/Header.js';
import type { KeyHint } from './keymap.js';

const EVERYWHERE: KeyHint[] = [
  { keys: '?', action: 'this help (any key closes it)' },
  { keys: 'ctrl+c', action: 'stop what runs; again to quit (exit 130)' },
];

const KEYS: Record<ScreenName, KeyHint[]> = {
  home: [
    { keys: '↑/↓ j/k', action: 'move' },
    { keys: 'enter', action: 'open the highlighted item' },
    { keys: 'r', action: 'scan every region again for the spend line' },
    { keys: 'q', action: 'quit' },
  ],
  create: [
    { keys: '↑/↓ j/k', action: 'move in a list' },
    { keys: 'letters', action: 'type-ahead: jump to the first row they begin (backspace erases)' },
    { keys: 'enter', action: 'accept the highlighted row, or the typed value' },
    { keys: 'esc', action: 'previous step (clears the type-ahead first)' },
    { keys: 'q', action: 'quit (on a list with no type-ahead)' },
  ],
  review: [
    { keys: 'enter', action: 'create (with warnings: press twice)' },
    { keys: 'e', action: 'change one answer, then come back here' },
    { keys: '↑/↓ j/k', action: 'scroll the plan' },
    { keys: 'r', action: 'plan again (after a failed plan)' },
    { keys: 'esc', action: 'back to the last step' },
    { keys: 'q', action: 'quit' },
  ],
  provision: [
    { keys: 'ctrl+c', action: 'stop: cancel the calls in flight and list what exists' },
    { keys: '↑/↓ enter', action: 'after a failure: retry, roll back or quit' },
    { keys: 'esc', action: 'home, once the cluster runs' },
    { keys: 'q', action: 'quit, once nothing runs' },
  ],
  inventory: [
    { keys: '↑/↓ j/k', action: 'move, or scroll an open list' },
    { keys: 'enter', action: 'open a cluster or the orphans' },
    { keys: 'd', action: 'tear down the highlighted or open cluster' },
    { keys: 's', action: 'scale the highlighted or open cluster (its number of nodes)' },
    { keys: 'c', action: 'clean up the orphans (when there are any)' },
    { keys: '/', action: 'filter the list or table (enter keeps it, esc clears it)' },
    { keys: 'r', action: 'scan again' },
    { keys: 'esc', action: 'back' },
    { keys: 'q', action: 'quit' },
  ],
  scale: [
    { keys: '0-9', action: 'the number of nodes (backspace erases)' },
    { keys: '←/→', action: "another zone's node group (a cluster with nodes in several zones)" },
    { keys: 'enter', action: 'see the change and its price; again to scale' },
    { keys: 'e', action: 'another number (on the plan, or after a run)' },
    { keys: 'r', action: 'plan again (after a failed plan)' },
    { keys: 'esc', action: 'back to the number, or leave (never mid-run)' },
    { keys: 'q', action: 'quit, once nothing runs' },
  ],
  teardown: [
    { keys: 'type', action: 'the word the prompt names, then enter, to delete' },
    { keys: '↑/↓', action: 'scroll the plan, or move among the data volumes' },
    { keys: 'tab', action: 'between the typed name and the data volumes' },
    { keys: 'space', action: 'tick a data volume to delete it too (kept unless ticked)' },
    { keys: 'r', action: 'scan again (after a run or a failed scan)' },
    {
      keys: 'ctrl+r',
      action: "plan again revoking other groups' rules that block it (--force-revoke); again to keep them",
    },
    { keys: 'esc', action: 'cancel (nothing is deleted), or leave a finished run' },
    { keys: 'q', action: 'quit, once nothing runs' },
  ],
};

export function Help({ screen, target }: { screen: ScreenName; target: string }) {
  const hints = [...KEYS[screen], ...EVERYWHERE];
  return (
    <Box flexDirection="column" width="100%">
      <Header title="keys" target={target} />
      {hints.map((hint) => (
        <Text key={`${hint.keys}-${hint.action}`} wrap="truncate-end">
          <Text bold>{hint.keys.padEnd(12)}</Text>
          {hint.action}
        </Text>
      ))}
      <Box marginTop={1}>
        <Text dimColor>Press any key to close.</Text>
      </Box>
    </Box>
  );
}

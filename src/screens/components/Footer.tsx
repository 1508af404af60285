import { Box, Text } from 'ink';
import type { KeyHint } from '../keymap.js';

/** The keys a screen understands, one line, at the bottom of every screen. */
export function Footer({ hints }: { hints: KeyHint[] }) {
  return (
    <Box marginTop={1}>
      <Text dimColor wrap="truncate-end">
        {hints.map((hint) => `${hint.keys} ${hint.action}`).join('  ·  ')}
      </Text>
    </Box>
  );
}

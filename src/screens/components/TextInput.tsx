import { Text } from 'ink';

export interface TextInputProps {
  value: string;
  /** Shown dimmed while nothing is typed: what Enter keeps. */
  placeholder?: string;
  /** Draws the cursor block (the app takes keys). */
  isFocused: boolean;
}

/** Without colour (NO_COLOR), inverse video is dropped too: the cursor is then drawn as a character. */
const colourless = () => process.env.FORCE_COLOR === '0' || Boolean(process.env.NO_COLOR);

/** One line of typed text; the text lives in the app state, and the app's reducer takes the keys. */
export function TextInput({ value, placeholder, isFocused }: TextInputProps) {
  return (
    <Text wrap="truncate-end">
      <Text color="cyan">› </Text>
      {value ? <Text>{value}</Text> : placeholder ? <Text dimColor>{placeholder}</Text> : null}
      {isFocused ? colourless() ? <Text>_</Text> : <Text inverse> </Text> : null}
    </Text>
  );
}

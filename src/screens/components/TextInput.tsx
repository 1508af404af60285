import { Text, useInput } from 'ink';

export interface TextInputProps {
  value: string;
  /** Shown dimmed while nothing is typed: what Enter keeps. */
  placeholder?: string;
  isFocused: boolean;
  onType: (text: string) => void;
  onErase: () => void;
  onSubmit: () => void;
}

/** One line of typed text; the text lives in the app state, this only turns keys into intents. */
export function TextInput({ value, placeholder, isFocused, onType, onErase, onSubmit }: TextInputProps) {
  useInput(
    (input, key) => {
      if (key.return) onSubmit();
      else if (key.backspace || key.delete) onErase();
      else if (key.escape || key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow) return;
      else if (key.leftArrow || key.rightArrow) return;
      else if (input) onType(input.replace(/[\r\n\t]/g, ''));
    },
    { isActive: isFocused },
  );
  return (
    <Text wrap="truncate-end">
      <Text color="cyan">› </Text>
      {value ? <Text>{value}</Text> : placeholder ? <Text dimColor>{placeholder}</Text> : null}
      {isFocused ? <Text inverse> </Text> : null}
    </Text>
  );
}

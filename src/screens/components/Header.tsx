import { Box, Text } from 'ink';

/** The app's title line: what you are looking at and against which AWS. */
export function Header({ title, target }: { title: string; target?: string }) {
  return (
    <Box marginBottom={1}>
      <Text wrap="truncate-end">
        <Text bold>kube-tui</Text>
        <Text> · {title}</Text>
        {target ? <Text dimColor> · {target}</Text> : null}
      </Text>
    </Box>
  );
}

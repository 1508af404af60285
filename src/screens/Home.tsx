import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HINTS } from './keymap.js';

export type HomeChoice = 'create' | 'inventory' | 'cleanup' | 'quit';

const ITEMS: { label: string; value: HomeChoice }[] = [
  { label: 'Create a cluster      the eleven kube-up steps, with a review first', value: 'create' },
  { label: 'Inventory             every cluster and orphan, found by tags', value: 'inventory' },
  { label: 'Cleanup               remove what kube-down left behind', value: 'cleanup' },
  { label: 'Quit', value: 'quit' },
];

export interface HomeProps {
  target: string;
  notice?: string;
  interactive: boolean;
  onChoose: (choice: HomeChoice) => void;
}

export function Home({ target, notice, interactive, onChoose }: HomeProps) {
  return (
    <Box flexDirection="column">
      <Header title="self-managed Kubernetes on AWS" target={target} />
      <SelectInput items={ITEMS} isFocused={interactive} onSelect={(item) => onChoose(item.value)} />
      {notice ? (
        <Box marginTop={1}>
          <Text color="yellow">⚠ {notice}</Text>
        </Box>
      ) : null}
      <Footer hints={[HINTS.move, HINTS.select, HINTS.quit]} />
    </Box>
  );
}

import { Box, Text } from 'ink';
import { HOME_CHOICES, type HomeChoice } from '../state/app-state.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { List } from './components/List.js';
import { HINTS } from './keymap.js';

const LABELS: Record<HomeChoice, string> = {
  create: 'Create a cluster      the eleven kube-up steps, with a review first',
  inventory: 'Inventory             every cluster and orphan, found by tags',
  cleanup: 'Cleanup               remove what kube-down left behind',
  quit: 'Quit',
};

export interface HomeProps {
  target: string;
  notice?: string;
  /** The highlighted row (kept in the app state). */
  cursor: number;
}

export function Home({ target, notice, cursor }: HomeProps) {
  return (
    <Box flexDirection="column">
      <Header title="Kubernetes on AWS" target={target} />
      <List items={HOME_CHOICES.map((choice) => ({ key: choice, label: LABELS[choice] }))} cursor={cursor} />
      {notice ? (
        <Box marginTop={1}>
          <Text color="yellow">⚠ {notice}</Text>
        </Box>
      ) : null}
      <Footer hints={[HINTS.move, HINTS.select, HINTS.help, HINTS.quit]} />
    </Box>
  );
}

import { Box, Text } from 'ink';
import { HOME_CHOICES, type HomeChoice } from '../state/app-state.js';
import type { SpendState } from '../state/spend.js';
import { spendCaveat, spendLine } from '../wording/spend.js';
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
  /** What the account spends, over every enabled region; absent until the credentials are known. */
  spend?: SpendState;
}

export function Home({ target, notice, cursor, spend }: HomeProps) {
  return (
    <Box flexDirection="column">
      <Header title="Kubernetes on AWS" target={target} />
      {spend ? (
        <Box flexDirection="column" marginBottom={1}>
          <Text wrap="wrap" color={spend.status === 'failed' ? 'yellow' : undefined}>
            {spendLine(spend)}
          </Text>
          <Text dimColor wrap="wrap">
            {spendCaveat(spend.figures)}
          </Text>
        </Box>
      ) : null}
      <List items={HOME_CHOICES.map((choice) => ({ key: choice, label: LABELS[choice] }))} cursor={cursor} />
      {notice ? (
        <Box marginTop={1}>
          <Text color="yellow">⚠ {notice}</Text>
        </Box>
      ) : null}
      <Footer
        hints={[
          HINTS.move,
          HINTS.select,
          { ...HINTS.refresh, action: 'rescan spend' },
          HINTS.help,
          HINTS.quit,
        ]}
      />
    </Box>
  );
}

import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { currentStep, listCursor, type WizardState } from '../state/wizard.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { List } from './components/List.js';
import { TextInput } from './components/TextInput.js';
import { HINTS } from './keymap.js';

export interface WizardProps {
  target: string;
  wizard: WizardState;
  interactive: boolean;
  /** Terminal rows, when known: long lists scroll inside what fits. */
  rows?: number;
}

function summary(wizard: WizardState): string {
  const { config } = wizard;
  return [
    config.name,
    config.zone,
    config.os,
    `master ${config.masterSize}`,
    `${config.nodes} × ${config.nodeSize}`,
    `${config.masterDiskType} ${config.masterDiskSize} GiB`,
  ].join(' · ');
}

const LIST_NOUN: Record<string, string> = { region: 'regions', zone: 'zones' };

export function Wizard({ target, wizard, interactive, rows }: WizardProps) {
  const step = currentStep(wizard);
  // Header, title, help, summary, advice and footer take about 11 rows.
  const limit = Math.max(3, Math.min(10, (rows ?? 24) - 11));
  const hints =
    step.kind === 'text'
      ? [HINTS.type, HINTS.accept, HINTS.back]
      : [HINTS.move, HINTS.select, HINTS.typeahead, HINTS.back, HINTS.help, HINTS.quit];
  return (
    <Box flexDirection="column" width="100%">
      <Header
        title={`create a cluster · ${step.part ? 'network and access' : 'step'} ${step.number} of ${step.total}${wizard.returnToReview ? ' · back to the review after it' : ''}`}
        target={target}
      />
      <Text dimColor wrap="truncate-end">
        {summary(wizard)}
      </Text>
      <Box marginTop={1}>
        <Text wrap="truncate-end">
          <Text bold>{step.title}</Text>
          {step.source ? <Text color="cyan"> ({step.source})</Text> : null}
        </Text>
      </Box>
      {/* Wrapped: the network step's help names both CIDRs, which must not be cut off. */}
      <Text dimColor wrap="wrap">
        {step.help}
      </Text>
      {step.id === 'name'
        ? wizard.notices.map((notice) => (
            <Text key={notice} wrap="wrap">
              ℹ {notice}
            </Text>
          ))
        : null}
      <Box marginTop={1} flexDirection="column">
        {step.kind === 'text' ? (
          <TextInput
            value={wizard.draft}
            placeholder={
              step.current
                ? `${step.current}   (enter keeps it${step.optional ? ', none clears it' : ''})`
                : '(none: enter keeps it empty)'
            }
            isFocused={interactive}
          />
        ) : step.loading ? (
          <Text>
            <Text color="cyan">
              <Spinner type="dots" />
            </Text>{' '}
            Loading {LIST_NOUN[step.id] ?? 'choices'} from AWS…
          </Text>
        ) : (
          <>
            {step.loadError ? (
              <Text color="red" wrap="truncate-end">
                ✖ Could not list {LIST_NOUN[step.id] ?? 'choices'}: {step.loadError}
              </Text>
            ) : null}
            <List
              items={step.choices.map((choice) => ({ key: choice.value, label: choice.label }))}
              cursor={listCursor(wizard, step)}
              limit={limit}
            />
            {wizard.typeahead ? (
              <Text dimColor wrap="truncate-end">
                type-ahead: {wizard.typeahead}
                {step.choices.some((choice) =>
                  choice.value.toLowerCase().startsWith(wizard.typeahead.toLowerCase()),
                )
                  ? ''
                  : ' (no match)'}
              </Text>
            ) : null}
          </>
        )}
      </Box>
      {step.warning ? <Text color="yellow">⚠ {step.warning}</Text> : null}
      {wizard.error ? <Text color="red">✖ {wizard.error}</Text> : null}
      <Footer hints={hints} />
    </Box>
  );
}

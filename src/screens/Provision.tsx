import { Box, Text } from 'ink';
import type { ClusterConfig, OsDistribution } from '../model/config.js';
import { STEP_TITLES, type StepId, stepNumber } from '../model/events.js';
import type { ResourceRef } from '../model/resource-types.js';
import { FAILURE_CHOICES, type FailureChoice } from '../state/app-state.js';
import type { FinishedLine, ProvisionPhase, ProvisionState } from '../state/provision.js';
import { liveSteps, provisionProgress } from '../state/provision.js';
import { removeClusterCommand, upCommand } from '../wording/command-lines.js';
import { countByType, describeResources, formatDuration } from '../wording/format.js';
import { BootPhases } from './components/BootPhases.js';
import { FinishedItem, LiveItem, Progress, useNow } from './components/Checklist.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { List } from './components/List.js';
import { PrintOnce } from './components/PrintOnce.js';
import { HINTS } from './keymap.js';

export interface ProvisionProps {
  target: string;
  /** The wizard's config (not the plan's resolved one): commands shown repeat only what was chosen. */
  config: ClusterConfig;
  state: ProvisionState;
  /** The highlighted choice after a failure (kept in the app state). */
  failureCursor: number;
  env?: NodeJS.ProcessEnv;
  /** Where the kubeconfig goes when the engine does not say ($KUBECONFIG's first, or ~/.kube/config). */
  defaultKubeconfig: string;
}

const SSH_USERS: Record<OsDistribution, string> = {
  'ubuntu-24.04': 'ubuntu',
  'ubuntu-22.04': 'ubuntu',
  'debian-12': 'admin',
  'debian-13': 'admin',
  al2023: 'ec2-user',
  flatcar: 'core',
};

const stepLabel = (step: StepId) => `${String(stepNumber(step)).padStart(2)} ${STEP_TITLES[step]}`;
const ids = describeResources;

/** A finished step or log line: glyph and words, never colour alone. */
function FinishedLineView({ line }: { line: FinishedLine }) {
  if (line.kind === 'attempt') {
    return (
      <Text bold wrap="truncate-end">
        ↻ Retry (attempt {line.attempt}): steps that finished are found again, not remade
      </Text>
    );
  }
  if (line.kind === 'log') {
    // Printed once, never redrawn: a warning may take two lines rather than lose its advice.
    return line.level === 'warn' ? (
      <Text color="yellow">⚠ {line.message}</Text>
    ) : (
      <Text dimColor wrap="truncate-end">
        ℹ {line.message}
      </Text>
    );
  }
  return <FinishedItem label={stepLabel(line.step)} status={line.status} />;
}

function Existing({ resources, scanned = false }: { resources: ResourceRef[]; scanned?: boolean }) {
  if (resources.length === 0) {
    return (
      <Text>
        {scanned ? 'A fresh scan found nothing of the cluster.' : 'Nothing of the cluster exists yet.'}
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        Exists now{scanned ? ', from a fresh scan' : ''} ({resources.length}): {countByType(resources)}
      </Text>
      <Text dimColor wrap="truncate-end">
        {'  '}
        {ids(resources)}
      </Text>
    </Box>
  );
}

/** A command to copy: it wraps rather than lose its end. */
function Command({ label, command }: { label: string; command: string }) {
  return (
    <Text>
      {label.padEnd(11)}
      <Text bold>{command}</Text>
    </Text>
  );
}

const FAILURE_LABELS: Record<FailureChoice, string> = {
  retry: 'Retry       run the steps again: what exists is found, not remade',
  rollback: 'Roll back   delete what exists (shows the plan, asks for the name)',
  quit: 'Quit',
};

function Panel({
  phase,
  config,
  env,
  defaultKubeconfig,
  failureCursor,
}: {
  phase: ProvisionPhase;
  config: ClusterConfig;
  env: NodeJS.ProcessEnv;
  defaultKubeconfig: string;
  failureCursor: number;
}) {
  switch (phase.kind) {
    case 'running':
      return null;
    case 'stopping':
    case 'stopped':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>
            ■{' '}
            {phase.kind === 'stopping'
              ? 'Stopping: cancelling the calls in flight…'
              : 'Stopped. Nothing more will be created.'}
          </Text>
          {phase.kind === 'stopped' && phase.scan?.status === 'scanning' ? (
            <Text dimColor>Scanning for what exists of the cluster (read-only)…</Text>
          ) : null}
          {phase.kind === 'stopped' && phase.scan?.status === 'failed' ? (
            <Text color="yellow" wrap="wrap">
              ⚠ The scan failed ({phase.scan.message}); as far as this run knows:
            </Text>
          ) : null}
          <Existing
            resources={phase.existing}
            scanned={phase.kind === 'stopped' && phase.scan?.status === 'done'}
          />
          <Command label="Resume" command={upCommand(config, env)} />
          <Command label="Tear down" command={removeClusterCommand(config)} />
          <Text dimColor>Press Ctrl+C again to quit.</Text>
        </Box>
      );
    case 'failed':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text color="red" bold wrap="truncate-end">
            ✖{' '}
            {phase.step
              ? `Step ${stepNumber(phase.step)} "${STEP_TITLES[phase.step]}" failed`
              : 'Provisioning failed'}
          </Text>
          <Text>{phase.error.message}</Text>
          <Existing resources={phase.existing} />
          <Box marginTop={1}>
            <List
              items={FAILURE_CHOICES.map((choice) => ({ key: choice, label: FAILURE_LABELS[choice] }))}
              cursor={failureCursor}
            />
          </Box>
        </Box>
      );
    case 'succeeded': {
      const { result } = phase;
      const context = result.kubeconfigContext ?? `aws_${config.name}`;
      const user = result.sshUser ?? SSH_USERS[config.os];
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text color="green" bold>
            ✔ Kubernetes cluster is running
            <Text dimColor> ({formatDuration(result.elapsedMs)})</Text>
          </Text>
          <Command
            label="kubeconfig"
            command={`${result.kubeconfig ?? defaultKubeconfig} (context ${context})`}
          />
          <Command label="Nodes" command={`kubectl --context ${context} get nodes`} />
          {result.masterPublicIp ? (
            <Command label="SSH" command={`ssh -i ${config.sshKey} ${user}@${result.masterPublicIp}`} />
          ) : null}
        </Box>
      );
    }
  }
}

type StaticItem = FinishedLine | { key: 'header'; kind: 'header' };

export function Provision({
  target,
  config,
  state,
  failureCursor,
  env = process.env,
  defaultKubeconfig,
}: ProvisionProps) {
  const live = liveSteps(state);
  const running = state.phase.kind === 'running' || state.phase.kind === 'stopping';
  const now = useNow(running);
  const progress = provisionProgress(state);
  // With a panel open, the steps that never started fold into one line so the live part stays short.
  const panelOpen = state.phase.kind !== 'running';
  const notStarted = live.filter((entry) => entry.status.kind === 'pending');
  const items: StaticItem[] = [{ key: 'header', kind: 'header' }, ...state.lines];
  const hints =
    state.phase.kind === 'running'
      ? [HINTS.stop]
      : state.phase.kind === 'failed'
        ? [HINTS.move, HINTS.select, HINTS.quitNow]
        : state.phase.kind === 'succeeded'
          ? [HINTS.home, HINTS.quit]
          : [HINTS.quitNow];
  return (
    <Box flexDirection="column" width="100%">
      <PrintOnce items={items}>
        {(item) =>
          item.kind === 'header' ? (
            <Header key={item.key} title={`creating ${config.name} in ${config.zone}`} target={target} />
          ) : (
            <FinishedLineView key={item.key} line={item} />
          )
        }
      </PrintOnce>
      {running ? <Progress {...progress} now={now} noun="steps" /> : null}
      {(panelOpen ? live.filter((entry) => entry.status.kind === 'running') : live).map((entry) => (
        <LiveItem key={entry.step} label={stepLabel(entry.step)} status={entry.status} now={now} />
      ))}
      {state.steps.validate.kind === 'running' || state.phase.kind === 'failed' ? (
        <BootPhases statuses={state.boot} />
      ) : null}
      {panelOpen && notStarted.length > 0 && state.phase.kind !== 'succeeded' ? (
        <Text dimColor wrap="truncate-end">
          · not started: {notStarted.map((entry) => stepNumber(entry.step)).join(', ')}
        </Text>
      ) : null}
      <Panel
        phase={state.phase}
        config={config}
        env={env}
        defaultKubeconfig={defaultKubeconfig}
        failureCursor={failureCursor}
      />
      <Footer hints={hints} />
    </Box>
  );
}

import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { ReactNode } from 'react';
import { estimateCost, formatUsd } from '../aws/prices.js';
import type { ReviewState } from '../state/app-state.js';
import type { ClusterPlan, PlannedResource } from '../state/plan.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HINTS } from './keymap.js';

export interface ReviewProps {
  target: string;
  review: ReviewState;
  notices: string[];
  /** Terminal rows, when known: the plan scrolls inside what fits. */
  rows?: number;
}

/** Lines of the plan shown at once: header 2, cost 3, footer 2, the two "more" markers. */
const bodyHeight = (rows: number | undefined, length: number) => (rows ? Math.max(4, rows - 9) : length);

/** How far the plan scrolls: its first line when the last one is at the bottom. */
export function reviewScrollLimit(review: ReviewState, notices: string[], rows: number | undefined): number {
  if (review.status !== 'ready') return 0;
  const length = planBody(review.plan, notices).length;
  return Math.max(0, length - bodyHeight(rows, length));
}

const onOff = (value: boolean) => (value ? 'on' : 'off');

function optionLines(plan: ClusterPlan): [string, string][] {
  const { config, masterType, nodeType } = plan;
  const size = (type: { vcpus: number; memoryMiB: number }) => `${type.vcpus} vCPU, ${type.memoryMiB} MiB`;
  const network = config.vpcId
    ? `VPC ${config.vpcId} (yours)${config.subnetId ? ` · subnet ${config.subnetId} (yours)` : config.subnetCidr ? ` · new subnet ${config.subnetCidr}` : ''}`
    : `new VPC 172.20.0.0/16 · subnet ${plan.subnetCidr ?? '172.20.0.0/24'}`;
  return [
    [
      'Cluster',
      `${config.name} in ${config.zone} (${config.region}) · Kubernetes ${config.kubernetesVersion}`,
    ],
    ['Image', `${config.os} · ${config.image}${plan.imageInfo?.name ? ` (${plan.imageInfo.name})` : ''}`],
    [
      'Master',
      `${config.masterSize} (${size(masterType)}) · ${config.masterDiskType} ${config.masterDiskSize} GiB etcd volume`,
    ],
    ['Nodes', `${config.nodes} × ${config.nodeSize} (${size(nodeType)})`],
    [
      'Add-ons',
      `monitoring ${config.monitoring} · node logging ${config.nodeLogging ? `on → ${config.loggingDestination}` : 'off'} · cluster logging ${onOff(config.clusterLogging)}`,
    ],
    ['Network', `${network} · master ${plan.masterPrivateIp}`],
    ['Access', `SSH from ${config.sshCidr} · API from ${config.apiCidr} · key ${config.sshKey}`],
    [
      'Bucket',
      `${config.bucket} (${plan.ownsBucket ? 'made and owned by kube-tui' : 'yours, only <cluster>/ used'}, ${config.bucketRegion})`,
    ],
  ];
}

/** "iam-role + iam-instance-profile  kubernetes-master-…": one line per distinct name. */
function resourceLines(resources: PlannedResource[]): { name: string; types: string[] }[] {
  const byName = new Map<string, string[]>();
  for (const resource of resources)
    byName.set(resource.name, [...(byName.get(resource.name) ?? []), resource.type]);
  return [...byName].map(([name, types]) => ({ name, types }));
}

function planBody(plan: ClusterPlan, notices: string[]): ReactNode[] {
  const lines: ReactNode[] = [];
  for (const [label, value] of optionLines(plan)) {
    lines.push(
      <Text key={`option-${label}`} wrap="truncate-end">
        <Text bold>{label.padEnd(9)}</Text>
        {value}
      </Text>,
    );
  }
  for (const notice of notices) {
    lines.push(
      <Text key={`notice-${notice}`} wrap="truncate-end">
        ℹ {notice}
      </Text>,
    );
  }
  lines.push(<Text key="steps-gap"> </Text>);
  for (const step of plan.steps) {
    lines.push(
      <Text key={`step-${step.id}`} wrap="truncate-end">
        <Text bold>{String(step.step).padStart(2)}</Text> {step.title}
      </Text>,
    );
    for (const { name, types } of resourceLines(step.resources)) {
      lines.push(
        <Text key={`step-${step.id}-${name}`} wrap="truncate-end">
          {'   '}
          {name} <Text dimColor>{types.join(' + ')}</Text>
        </Text>,
      );
    }
  }
  if (plan.warnings.length > 0) lines.push(<Text key="warnings-gap"> </Text>);
  for (const warning of plan.warnings) {
    lines.push(
      <Text key={`warning-${warning}`} color="yellow" wrap="truncate-end">
        ⚠ {warning}
      </Text>,
    );
  }
  return lines;
}

function Cost({ plan }: { plan: ClusterPlan }) {
  const cost = estimateCost(plan.config);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end">
        <Text bold>Cost</Text> ≈ {formatUsd(cost.hourlyUsd)}/hour · {formatUsd(cost.monthlyUsd)}/month
        {cost.unpriced.length > 0 ? (
          <Text color="yellow"> + no price for {cost.unpriced.join(', ')}</Text>
        ) : null}
      </Text>
      <Text dimColor wrap="truncate-end">
        {cost.label}
      </Text>
    </Box>
  );
}

export function Review({ target, review, notices, rows }: ReviewProps) {
  const body = review.status === 'ready' ? planBody(review.plan, notices) : [];
  const height = bodyHeight(rows, body.length);
  const top = Math.min(review.scroll, Math.max(0, body.length - height));
  const visible = body.slice(top, top + height);
  const below = body.length - top - visible.length;

  if (review.status === 'planning') {
    return (
      <Box flexDirection="column" width="100%">
        <Header title="review" target={target} />
        <Text>
          <Text color="cyan">
            <Spinner type="dots" />
          </Text>{' '}
          Planning: checking the zone, instance types, image and names with read-only calls…
        </Text>
        <Footer hints={[HINTS.back, HINTS.quit]} />
      </Box>
    );
  }
  if (review.status === 'failed') {
    return (
      <Box flexDirection="column" width="100%">
        <Header title="review" target={target} />
        <Text color="red">✖ The plan failed: {review.message}</Text>
        <Text dimColor>Nothing was created. Go back to change an answer, or plan again.</Text>
        <Footer hints={[HINTS.back, HINTS.retryPlan, HINTS.quit]} />
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width="100%">
      <Header title={`review · ${review.plan.steps.length} steps`} target={target} />
      {top > 0 ? <Text dimColor>↑ {top} more</Text> : null}
      {visible}
      {below > 0 ? <Text dimColor>↓ {below} more</Text> : null}
      <Cost plan={review.plan} />
      <Footer
        hints={[
          HINTS.create,
          HINTS.back,
          ...(rows && body.length > height ? [HINTS.scroll] : []),
          HINTS.quit,
        ]}
      />
    </Box>
  );
}

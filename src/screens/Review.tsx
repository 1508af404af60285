import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { ReactNode } from 'react';
import { permissionsLine } from '../model/permissions.js';
import type { ClusterPlan, PlannedResource } from '../model/plan.js';
import { estimateCost, formatUsd } from '../model/prices.js';
import { marketLine, nodeMarket, spotSavingLine, spotZoneCount } from '../model/spot.js';
import { totalNodes, zoneLetter, zonesFact } from '../model/zones.js';
import type { ReviewState } from '../state/app-state.js';
import { fitFacts } from '../wording/format.js';
import { lifecycleLine } from '../wording/lifecycle.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { List } from './components/List.js';
import { HINTS } from './keymap.js';

export interface ReviewProps {
  target: string;
  review: ReviewState;
  notices: string[];
  /** The fields the `e` picker offers. */
  fields?: { title: string; value: string }[];
  /** Terminal rows, when known: the plan scrolls inside what fits. */
  rows?: number;
  columns?: number;
}

/** Lines the warnings take at the top, wrapped at `columns` (with their headline and a gap). */
function warningLines(review: ReviewState, columns: number): number {
  if (review.status !== 'ready' || review.plan.warnings.length === 0) return 0;
  const wrapped = review.plan.warnings.reduce(
    (sum, warning) => sum + Math.ceil((warning.length + 2) / Math.max(20, columns)),
    0,
  );
  return wrapped + (review.armed ? 2 : 1);
}

/**
 * Lines of the plan shown at once: header 2, cost 3, footer 2, the two "more" markers and the
 * warnings above.
 */
const bodyHeight = (rows: number | undefined, length: number, warnings: number) =>
  rows ? Math.max(4, rows - 9 - warnings) : length;

/** How far the plan scrolls: its first line when the last one is at the bottom. */
export function reviewScrollLimit(
  review: ReviewState,
  notices: string[],
  rows: number | undefined,
  columns = 80,
): number {
  if (review.status !== 'ready') return 0;
  const length = planBody(review.plan, notices, columns).length;
  return Math.max(0, length - bodyHeight(rows, length, warningLines(review, columns)));
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The warnings, first and whole: wrapped, never cut off. */
function Warnings({ review }: { review: ReviewState & { status: 'ready' } }) {
  const { warnings } = review.plan;
  if (warnings.length === 0) return null;
  return (
    <Box flexDirection="column">
      {warnings.map((warning) => (
        <Text key={warning} color="yellow" wrap="wrap">
          ⚠ {warning}
        </Text>
      ))}
      {review.armed ? (
        <Text bold color="yellow" wrap="wrap">
          Press enter again to create with {plural(warnings.length, 'warning', 'warnings')}, or esc to go
          back.
        </Text>
      ) : null}
      <Text> </Text>
    </Box>
  );
}

/** The fields the user may jump to from the review, to change one. */
function FieldPicker({ fields, cursor }: { fields: { title: string; value: string }[]; cursor: number }) {
  return (
    <Box flexDirection="column">
      <Text bold>Change which answer?</Text>
      <List
        items={fields.map((field, index) => ({
          key: String(index),
          label: `${field.title.padEnd(26)}${field.value}`,
        }))}
        cursor={cursor}
        limit={12}
      />
    </Box>
  );
}

const onOff = (value: boolean) => (value ? 'on' : 'off');

/** Each row of the summary: its label and its facts (joined by " · ", wrapped between facts). */
function optionLines(plan: ClusterPlan): [string, string[]][] {
  const { config, masterType, nodeType } = plan;
  const size = (type: { vcpus: number; memoryMiB: number }) => `${type.vcpus} vCPU, ${type.memoryMiB} MiB`;
  const network = config.vpcId
    ? [
        `VPC ${config.vpcId} (yours)`,
        ...(config.subnetId
          ? [`subnet ${config.subnetId} (yours)`]
          : config.subnetCidr
            ? [`new subnet ${config.subnetCidr}`]
            : []),
      ]
    : ['new VPC 172.20.0.0/16', `subnet ${plan.subnetCidr ?? '172.20.0.0/24'}`];
  const zoneSubnets = plan.extraZones.map(
    (target) => `${zoneLetter(target.zone)}: subnet ${target.subnetCidr}`,
  );
  return [
    [
      'Cluster',
      [`${config.name} in ${config.zone} (${config.region})`, `Kubernetes ${config.kubernetesVersion}`],
    ],
    ['Image', [config.os, config.image, ...(plan.imageInfo?.name ? [plan.imageInfo.name] : [])]],
    [
      'Master',
      [
        `${config.masterSize} (${size(masterType)})`,
        `${config.masterDiskType} ${config.masterDiskSize} GiB etcd volume`,
        `root ${config.masterRootDiskType} ${config.masterRootDiskSize} GiB`,
      ],
    ],
    [
      'Nodes',
      [
        `${config.nodes} × ${config.nodeSize} (${size(nodeType)})`,
        ...(zonesFact(plan) ? [zonesFact(plan)!] : []),
        `root ${config.nodeRootDiskType} ${config.nodeRootDiskSize} GiB`,
        config.nodePublicIp ? 'public IPv4 each' : 'no public IPv4',
        marketLine(nodeMarket(config)),
        ...(nodeMarket(config).kind === 'spot'
          ? [spotSavingLine(config.nodeSize, plan.nodeSpotNowUsd, spotZoneCount(plan.nodeSpotNowByZone))]
          : []),
      ],
    ],
    [
      'Add-ons',
      [
        `monitoring ${config.monitoring}`,
        `node logging ${config.nodeLogging ? `on → ${config.loggingDestination}` : 'off'}`,
        `cluster logging ${onOff(config.clusterLogging)}`,
      ],
    ],
    [
      'Network',
      [
        ...network,
        ...zoneSubnets,
        `master ${plan.masterPrivateIp}`,
        `node public IPs ${config.nodePublicIp ? 'yes' : 'no'}`,
      ],
    ],
    ['Access', [`SSH from ${config.sshCidr}`, `API from ${config.apiCidr}`, `key ${config.sshKey}`]],
    [
      'Bucket',
      [
        `${config.bucket} (${plan.ownsBucket ? 'made and owned by kube-tui' : 'yours, only <cluster>/ used'}, ${config.bucketRegion})`,
      ],
    ],
    ['Lifetime', [lifecycleLine({ ttl: config.ttl, expiresAt: plan.expiresAt, protect: config.protect })]],
    ...(plan.permissions ? [['IAM', [permissionsLine(plan.permissions)]] as [string, string[]]] : []),
  ];
}

/** "iam-role + iam-instance-profile  kubernetes-master-…": one line per distinct name. */
function resourceLines(resources: PlannedResource[]): { name: string; types: string[] }[] {
  const byName = new Map<string, string[]>();
  for (const resource of resources)
    byName.set(resource.name, [...(byName.get(resource.name) ?? []), resource.type]);
  return [...byName].map(([name, types]) => ({ name, types }));
}

/** The width of the summary's labels ("Lifetime "): continuation lines start under the facts. */
const LABEL_WIDTH = 9;

function planBody(plan: ClusterPlan, notices: string[], columns: number): ReactNode[] {
  const lines: ReactNode[] = [];
  for (const [label, facts] of optionLines(plan)) {
    fitFacts(facts, Math.max(20, columns - LABEL_WIDTH)).forEach((line, index) => {
      lines.push(
        <Text key={`option-${label}-${line}`} wrap="truncate-end">
          <Text bold>{(index === 0 ? label : '').padEnd(LABEL_WIDTH)}</Text>
          {line}
        </Text>,
      );
    });
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
  return lines;
}

function Cost({ plan }: { plan: ClusterPlan }) {
  const cost = estimateCost({ ...plan.config, nodes: totalNodes(plan), nodeSpotNowUsd: plan.nodeSpotNowUsd });
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

const EDIT_HINT = { keys: 'e', action: 'change an answer' };

export function Review({ target, review, notices, fields = [], rows, columns = 80 }: ReviewProps) {
  const body = review.status === 'ready' ? planBody(review.plan, notices, columns) : [];
  const height = bodyHeight(rows, body.length, warningLines(review, columns));
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
        <Text dimColor>Nothing was created. Change an answer (e), or plan again (r).</Text>
        {review.picker !== undefined ? <FieldPicker fields={fields} cursor={review.picker} /> : null}
        <Footer hints={[EDIT_HINT, HINTS.retryPlan, HINTS.back, HINTS.help, HINTS.quit]} />
      </Box>
    );
  }

  if (review.picker !== undefined) {
    return (
      <Box flexDirection="column" width="100%">
        <Header title="review · change an answer" target={target} />
        <FieldPicker fields={fields} cursor={review.picker} />
        <Footer hints={[HINTS.move, { keys: 'enter', action: 'change it' }, HINTS.back]} />
      </Box>
    );
  }
  const warnings = review.plan.warnings.length;
  return (
    <Box flexDirection="column" width="100%">
      <Header title={`review · ${review.plan.steps.length} steps`} target={target} />
      <Warnings review={review} />
      {top > 0 ? <Text dimColor>↑ {top} more</Text> : null}
      {visible}
      {below > 0 ? <Text dimColor>↓ {below} more</Text> : null}
      <Cost plan={review.plan} />
      <Footer
        hints={[
          warnings > 0
            ? {
                keys: 'enter',
                action: `create (${plural(warnings, 'warning', 'warnings')}: ${review.armed ? 'press again' : 'asks twice'})`,
              }
            : HINTS.create,
          EDIT_HINT,
          HINTS.back,
          ...(rows && body.length > height ? [HINTS.scroll] : []),
          HINTS.help,
          HINTS.quit,
        ]}
      />
    </Box>
  );
}

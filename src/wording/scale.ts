// The words `scale` and the Scale screen share: the plan in one sentence, the price difference, what
// goes, and each event of a run.
import { formatUsd } from '../model/prices.js';
import { type ScaleEvent, type ScalePlan, type ScaleResult, scaleCost } from '../model/scale.js';
import { noAnswerText, retryText } from './calls.js';
import { plural } from './format.js';

/** "node group kubernetes-minion-group (us-west-2a): 2 → 3 nodes, t3.medium" */
export function scaleSummary(plan: ScalePlan): string {
  const zones = plan.zones.length > 0 ? ` (${plan.zones.join(', ')})` : '';
  return `node group ${plan.group}${zones}: ${plan.before.desired} → ${plural(plan.nodes, 'node')}, ${plan.node.instanceType}`;
}

const signed = (amount: number) => `${amount < 0 ? '−' : '+'}${formatUsd(Math.abs(amount))}`;

/** "+$0.054/hour, +$39.42/month" (approximate, from the dated price table), or why there is none. */
export function scaleCostText(plan: ScalePlan): string {
  const cost = scaleCost(plan);
  if (plan.nodes === plan.before.desired) return 'no price change';
  if (cost.hourlyUsd === undefined || cost.monthlyUsd === undefined) {
    return plan.node.spot
      ? `price unknown: ${plan.node.instanceType}'s spot price could not be read`
      : `price unknown: ${plan.node.instanceType} is not in the price table`;
  }
  const disk = plan.node.rootDisk ? ` + ${plan.node.rootDisk.sizeGiB} GiB ${plan.node.rootDisk.type}` : '';
  return `${signed(cost.hourlyUsd)}/hour, ${signed(cost.monthlyUsd)}/month (approximate: ${plan.node.instanceType}${plan.node.spot ? ' at the spot price now' : ''}${disk} + public IPv4 per node)`;
}

/** Which instances a scale-down terminates, in the order Auto Scaling picks them. */
export const leavingText = (ids: string) => `terminated (newest and not-in-service first): ${ids}`;

/** "1 new node launched from the group's launch template", or undefined when none is added. */
export function addedNodesText(plan: ScalePlan): string | undefined {
  const adding = plan.nodes - plan.before.desired;
  return adding > 0 ? `${plural(adding, 'new node')} launched from the group's launch template` : undefined;
}

/** What the run will do, as lines: the change, and on a scale-down the instances that go. */
export function scalePlanLines(plan: ScalePlan): string[] {
  const lines = [`Scale ${plan.cluster.name} (${plan.cluster.region}): ${scaleSummary(plan)}`];
  lines.push(`  price: ${scaleCostText(plan)}`);
  if (plan.nodes === plan.before.desired && plan.before.min === plan.nodes && plan.before.max === plan.nodes)
    lines.push('  already at that size: nothing to change');
  if (plan.leaving.length > 0) lines.push(`  ${leavingText(plan.leaving.join(', '))}`);
  const added = addedNodesText(plan);
  if (added) lines.push(`  ${added}`);
  return lines;
}

/** One plain line per event (none for a call that answered after a retry or a wait). */
export function formatScaleEvent(event: ScaleEvent, now: number = Date.now()): string | undefined {
  switch (event.type) {
    case 'scale-call': {
      const { signal } = event;
      if (signal.kind === 'retry') return `  ↻ ${retryText(signal)} (${signal.action})`;
      if (signal.kind === 'waiting') return `  … ${noAnswerText(signal.since, now)} (${signal.action})`;
      return undefined;
    }
    case 'scale-capacity':
      return `  ✔ node group set to min ${event.min}, max ${event.max}, desired ${event.desired}`;
    case 'scale-terminating':
      return `  ✔ terminating ${event.instanceId} (desired capacity lowered by one)`;
    case 'scale-progress':
      return `  … ${event.inService} of ${event.wanted} in service${event.other > 0 ? `, ${event.other} launching or terminating` : ''}`;
    case 'scale-nodes':
      return `  … ${event.message}`;
  }
}

/** "every node Ready", or why that was not checked. */
export function readinessText(result: Pick<ScaleResult, 'nodesReady' | 'readinessNote'>): string {
  return result.nodesReady ? 'every node Ready' : `Ready not checked: ${result.readinessNote ?? 'unknown'}`;
}

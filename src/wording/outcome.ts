// How a teardown ended, in the same words on the Teardown screen and in `down` / `cleanup`'s lines.
import type { TeardownPlan, TeardownTarget } from '../model/teardown.js';
import { formatDuration, plural } from './format.js';

/** "cluster kubernetes in us-west-2", "the orphans in us-west-2". */
export function teardownSubject(target: TeardownTarget): string {
  return target.kind === 'cluster'
    ? `cluster ${target.cluster.name} in ${target.cluster.region}`
    : `the orphans in ${target.region}`;
}

/** The fresh scan found nothing: "Cluster x is gone: a fresh scan of us-west-2 found nothing of it". */
export function goneSentence(target: TeardownTarget, keptSome: boolean): string {
  const kept = keptSome ? ' but what was kept on purpose' : '';
  return target.kind === 'cluster'
    ? `Cluster ${target.cluster.name} is gone: a fresh scan of ${target.cluster.region} found nothing of it${kept}`
    : `No orphans left in ${target.region}${kept}`;
}

/** kube-down's "Cluster NOT deleted": nothing of the target was found, and what is there instead. */
export function nothingFoundSentences(
  plan: Pick<TeardownPlan, 'target' | 'otherClusters' | 'goneSince'>,
): string[] {
  if (plan.target.kind === 'orphans') return [`No orphans in ${plan.target.region}: nothing to delete.`];
  const { name, region } = plan.target.cluster;
  if (plan.goneSince)
    return [
      `Cluster ${name} is already gone from ${region}: kube-tui finished deleting it at ${plan.goneSince}, and a fresh scan finds nothing of it.`,
    ];
  const others = plan.otherClusters.map((cluster) => cluster.name);
  return [
    `No cluster ${name} in ${region}: nothing of it was found, so nothing was deleted.`,
    others.length > 0
      ? `Clusters in ${region}: ${others.join(', ')}.`
      : `No cluster was found in ${region}; pass --region if it lives elsewhere.`,
  ];
}

/** "1 resource remains", "3 resources remain". */
export function remainSentence(count: number): string {
  return `${count} ${count === 1 ? 'resource remains' : 'resources remain'}`;
}

/** After the first Ctrl+C: "Stopped after 4.2s. Not removed yet (3):". */
export function stoppedSentence(elapsedMs: number, remaining: number): string {
  return `Stopped after ${formatDuration(elapsedMs)}. Not removed yet (${remaining}):`;
}

export const keptHeading = (count: number) => `Kept on purpose (${count}):`;

/** What precedes the command that finishes the job. */
export const RERUN_TO_FINISH = 'Run it again to finish: ';
export const RERUN_AFTER_FIX = 'Run it again once the cause is fixed: ';

/** What another region's lookup found: regions with their clusters, and regions not asked. */
interface Elsewhere {
  found: { region: string; clusters: string[] }[];
  failed: { region: string; message: string }[];
  regionsUnknown?: string;
}

const unasked = ({ failed, regionsUnknown }: Elsewhere) => [
  ...(regionsUnknown ? [`(the other regions could not be listed: ${regionsUnknown})`] : []),
  ...(failed.length > 0
    ? [
        `(${plural(failed.length, 'region')} could not be asked: ${failed.map((entry) => entry.region).join(', ')})`,
      ]
    : []),
];

/** `down` of a cluster its region lacks: where it is, with the command for there. */
export function foundElsewhereSentences(
  cluster: string,
  elsewhere: Elsewhere,
  commandIn: (region: string) => string,
): string[] {
  if (elsewhere.regionsUnknown) return unasked(elsewhere);
  if (elsewhere.found.length === 0)
    return [`No cluster ${cluster} in any other enabled region either.`, ...unasked(elsewhere)];
  return [
    ...elsewhere.found.map(({ region }) => `${cluster} is in ${region}: ${commandIn(region)}`),
    ...unasked(elsewhere),
  ];
}

/** `inventory` of a region without clusters: which regions have some, with the command for there. */
export function clustersElsewhereSentences(
  region: string,
  elsewhere: Elsewhere,
  commandIn: (region: string) => string,
): string[] {
  if (elsewhere.regionsUnknown) return unasked(elsewhere);
  if (elsewhere.found.length === 0)
    return [`No cluster in any other enabled region either.`, ...unasked(elsewhere)];
  return [
    `No cluster in ${region}; clusters in other regions:`,
    ...elsewhere.found.map(
      (entry) => `  ${entry.region}: ${entry.clusters.join(', ')} (${commandIn(entry.region)})`,
    ),
    ...unasked(elsewhere),
  ];
}

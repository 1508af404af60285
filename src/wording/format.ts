// How resources, teardown items, data volumes and durations read, the same in the screens and in
// the plain commands' lines.
import type { ResourceRef } from '../model/resource-types.js';
import type { DataVolumeFacts, TeardownItem } from '../model/teardown.js';
import { countOf, KIND_LABELS } from './inventory-view.js';
import { wrapText } from './table.js';

/** "1 zone", "2 zones": a count with its noun. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** 0.4s, 12s, 3m 05s, 1h 02m. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** "vpc-0abc (kubernetes-vpc)", or just the id when the name is the id: for a column of its own. */
export function idWithName(resource: { id: string; name?: string | undefined }): string {
  return resource.name && resource.name !== resource.id ? `${resource.id} (${resource.name})` : resource.id;
}

/** "vpc vpc-0abc (kubernetes-vpc)": a resource with its type. */
export function describeResource(resource: { type: string; id: string; name?: string | undefined }): string {
  return `${resource.type} ${idWithName(resource)}`;
}

/** "delete instance i-0abc (kubernetes-master)": what is done to what. */
export function describeItem(item: Pick<TeardownItem, 'action' | 'type' | 'id' | 'name'>): string {
  return `${item.action} ${describeResource(item)}`;
}

/** "1 vpc, 2 roles, 1 subnet": how many of each type. */
export function countByType(resources: ResourceRef[]): string {
  const counts = new Map<ResourceRef['type'], number>();
  for (const resource of resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return [...counts].map(([type, count]) => countOf(type, count)).join(', ');
}

/** "role kubernetes-master, profile kubernetes-master": each with its kind, as names repeat. */
export function describeResources(resources: ResourceRef[]): string {
  return resources.map((resource) => `${KIND_LABELS[resource.type]} ${idWithName(resource)}`).join(', ');
}

/**
 * A data volume's facts in one line: "50 GiB gp3 · created 2026-02-01 · not attached · $4.00/month".
 * `explained` adds why a detached volume shows no date (where the line has the room).
 */
export function describeDataVolume(
  facts: DataVolumeFacts,
  { separator = ' · ', explained = false }: { separator?: string; explained?: boolean } = {},
): string {
  const size =
    facts.sizeGiB !== undefined
      ? `${facts.sizeGiB} GiB${facts.volumeType ? ` ${facts.volumeType}` : ''}`
      : 'size unknown';
  const created = facts.createdAt ? `created ${facts.createdAt.slice(0, 10)}` : 'creation date unknown';
  const attached = facts.attachedTo
    ? `attached to ${facts.attachedTo.instanceId}${facts.attachedTo.since ? ` since ${facts.attachedTo.since.slice(0, 10)}` : ''}`
    : `not attached${explained ? ' (AWS keeps no time of the last detachment)' : ''}`;
  const price = facts.monthlyUsd !== undefined ? `$${facts.monthlyUsd.toFixed(2)}/month` : 'price unknown';
  return [size, created, attached, price].join(separator);
}

/**
 * Facts joined by " · " into lines of at most `width` characters, breaking between facts, so that a
 * narrow terminal shows every fact rather than cutting the line. A fact longer than a line is
 * wrapped at its spaces, starting a line of its own (a single word longer than a line stays whole).
 */
export function fitFacts(facts: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const whole of facts) {
    let fact = whole;
    if (fact.length + 2 > width) {
      if (line) lines.push(`${line} ·`);
      const parts = wrapText(fact, width - 2);
      lines.push(...parts.slice(0, -1));
      fact = parts.at(-1) ?? '';
      line = '';
    }
    const joined = line ? `${line} · ${fact}` : fact;
    // Room for the " ·" that ends a line the facts go on from.
    if (line && joined.length + 2 > width) {
      lines.push(`${line} ·`);
      line = fact;
    } else line = joined;
  }
  if (line) lines.push(line);
  return lines;
}

/** A phrase as a line of its own: its first letter in capitals. */
export const asSentence = (phrase: string) => phrase.charAt(0).toUpperCase() + phrase.slice(1);

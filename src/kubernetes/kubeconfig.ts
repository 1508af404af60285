// The cluster's entries in the user's kubeconfig, edited the way a careful person would: only the
// lines kube-tui writes change. The file is parsed with the `yaml` package's Document (for the
// ranges of its nodes) and edited as text, so comments, anchors, aliases, quoting and long strings
// elsewhere stay byte for byte; a symlink is written through to its target; every read-modify-write
// holds kubectl's `<file>.lock` and ends in an atomic rename (`writeFileAtomic`). A KUBECONFIG list
// follows kubectl's rules: new entries go to the first file that exists (else the first path);
// entries are looked up in every file. kube-up named the context, cluster and user `aws_<cluster>`;
// a second cluster of that name in another region gets `aws_<cluster>_<region>` (DESIGN.md section 2).
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import YAML, { type Document, isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { writeFileAtomic } from '../local/atomic-write.js';
import { withLock } from '../local/lock.js';
import { UsageError } from '../model/exit.js';

export interface KubeconfigCluster {
  cluster: { name: string; region: string };
  /** `https://<Elastic IP>:443`. */
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** Where this cluster's context was written or found. */
export interface KubeconfigContext {
  path: string;
  context: string;
}

/** The file is not YAML, or not a kubeconfig: named with its line, so the user can fix it. */
export class KubeconfigSyntaxError extends UsageError {
  constructor(
    readonly path: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(`${path}${line ? ` line ${line}` : ''}: ${detail}`);
  }
}

const LISTS = ['clusters', 'users', 'contexts'] as const;
type ListKey = (typeof LISTS)[number];
/** How long a writer waits for another's `<file>.lock` before giving up. */
const LOCK_WAIT_MS = 30_000;

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export function contextNames(cluster: { name: string; region: string }): { first: string; regional: string } {
  return { first: `aws_${cluster.name}`, regional: `aws_${cluster.name}_${cluster.region}` };
}

interface Parsed {
  text: string;
  doc: Document.Parsed;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parse(path: string, text: string): Parsed {
  const doc = YAML.parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    throw new KubeconfigSyntaxError(path, error.linePos?.[0]?.line, error.message.split('\n')[0]!);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new KubeconfigSyntaxError(
      path,
      lineOf(text, doc.contents.range?.[0] ?? 0),
      'not a kubeconfig (expected a YAML mapping)',
    );
  }
  for (const key of LISTS) {
    const list = doc.get(key, true) as Node | undefined;
    if (list && !isSeq(list) && !(isScalar(list) && list.value === null)) {
      throw new KubeconfigSyntaxError(path, lineOf(text, list.range?.[0] ?? 0), `${key} is not a list`);
    }
  }
  return { text, doc };
}

async function readParsed(path: string): Promise<Parsed | undefined> {
  const text = await readText(path);
  return text === undefined ? undefined : parse(path, text);
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Fails with the file and line when a kubeconfig of the list cannot be edited; a missing file is fine. */
export async function checkKubeconfig(paths: string[]): Promise<void> {
  for (const path of paths) await readParsed(path);
}

/** kubectl's rule: the first file of the list that exists, else the first path. */
export async function kubeconfigWriteTarget(paths: string[]): Promise<string> {
  for (const path of paths) if ((await readText(path)) !== undefined) return path;
  return paths[0]!;
}

const itemsOf = (doc: Document.Parsed, key: ListKey): YAMLMap[] => {
  const list = doc.get(key, true);
  return isSeq(list) ? (list.items.filter((item) => isMap(item)) as YAMLMap[]) : [];
};
const nameOf = (item: YAMLMap) => String(item.get('name') ?? '');
const find = (doc: Document.Parsed, key: ListKey, name: string) =>
  itemsOf(doc, key).find((item) => nameOf(item) === name);

/** The CA and server of the cluster a context points at. */
function contextTarget(doc: Document.Parsed, context: YAMLMap): { ca?: string; server?: string } {
  const clusterName = String((context.get('context') as YAMLMap | undefined)?.get?.('cluster') ?? '');
  const entry = find(doc, 'clusters', clusterName)?.get('cluster') as YAMLMap | undefined;
  if (!isMap(entry)) return {};
  const ca = entry.get('certificate-authority-data');
  const server = entry.get('server');
  return {
    ...(typeof ca === 'string' ? { ca } : {}),
    ...(typeof server === 'string' ? { server } : {}),
  };
}

/**
 * This cluster's contexts in every file of the list: those whose cluster has this CA and, when the
 * cluster's addresses are known, one of these servers.
 */
export async function findClusterContexts(
  paths: string[],
  identity: { caPem: string; servers?: string[] },
): Promise<KubeconfigContext[]> {
  const ca = base64(identity.caPem);
  const found: KubeconfigContext[] = [];
  for (const path of paths) {
    const parsed = await readParsed(path);
    if (!parsed) continue;
    for (const context of itemsOf(parsed.doc, 'contexts')) {
      const target = contextTarget(parsed.doc, context);
      if (target.ca !== ca) continue;
      if (identity.servers?.length && !identity.servers.includes(target.server ?? '')) continue;
      found.push({ path, context: nameOf(context) });
    }
  }
  return found;
}

/** The context name for this cluster: `aws_<C>` unless another cluster (another CA) holds it. */
async function chooseContext(paths: string[], entry: KubeconfigCluster): Promise<string> {
  const { first, regional } = contextNames(entry.cluster);
  const ca = base64(entry.caPem);
  for (const path of paths) {
    const parsed = await readParsed(path);
    const taken = parsed && find(parsed.doc, 'contexts', first);
    if (taken && contextTarget(parsed.doc, taken).ca !== ca) return regional;
  }
  return first;
}

/**
 * Adds or replaces this cluster's cluster, user and context (all named alike), sets current-context
 * only when the file had none, and returns where. Other entries, comments and formatting stay.
 */
export async function mergeKubeconfig(paths: string[], entry: KubeconfigCluster): Promise<KubeconfigContext> {
  const path = await kubeconfigWriteTarget(paths);
  return withKubeconfigLock(path, async () => {
    const context = await chooseContext(paths, entry);
    const values: Record<ListKey, object> = {
      clusters: {
        name: context,
        cluster: { server: entry.server, 'certificate-authority-data': base64(entry.caPem) },
      },
      users: {
        name: context,
        user: {
          'client-certificate-data': base64(entry.certPem),
          'client-key-data': base64(entry.keyPem),
        },
      },
      contexts: { name: context, context: { cluster: context, user: context } },
    };
    const parsed = await readParsed(path);
    if (!parsed || parsed.doc.contents === null) {
      const fresh = {
        apiVersion: 'v1',
        kind: 'Config',
        preferences: {},
        clusters: [values.clusters],
        users: [values.users],
        contexts: [values.contexts],
        'current-context': context,
      };
      await writeFileAtomic(path, YAML.stringify(fresh, { lineWidth: 0 }));
      return { path, context };
    }
    const edits: Edit[] = [];
    let appended = '';
    for (const key of LISTS) {
      const list = parsed.doc.get(key, true);
      const existing = find(parsed.doc, key, context);
      if (isSeq(list) && !list.flow && list.items.length > 0) {
        const prefix = itemPrefix(parsed.text, list);
        if (prefix !== undefined) {
          const rendered = renderItem(values[key], prefix);
          if (existing) edits.push({ ...itemLines(parsed.text, existing), replacement: rendered });
          else {
            // After the last item, where kubectl appends.
            const at = itemLines(parsed.text, list.items.at(-1) as Node).end;
            const newline = parsed.text[at - 1] === '\n' ? '' : '\n';
            edits.push({ start: at, end: at, replacement: newline + rendered });
          }
          continue;
        }
      }
      if (!list || (isScalar(list) && list.value === null)) {
        if (list) edits.push(removePair(parsed.text, parsed.doc, key));
        appended += `${key}:\n${renderItem(values[key], '- ')}`;
        continue;
      }
      // A flow-style or empty list: rewritten through the Document (comments kept, layout may change).
      return rewriteWithDocument(path, parsed.doc, values, context);
    }
    const current = parsed.doc.get('current-context', true);
    if (!current) appended += `current-context: ${context}\n`;
    else if (isScalar(current) && (current.value === null || current.value === '')) {
      const [start, end] = current.range!;
      edits.push({ start, end, replacement: context });
    }
    let text = applyEdits(parsed.text, edits);
    if (appended) text = `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${appended}`;
    await writeFileAtomic(path, text);
    return { path, context };
  });
}

async function rewriteWithDocument(
  path: string,
  doc: Document.Parsed,
  values: Record<ListKey, object>,
  context: string,
): Promise<KubeconfigContext> {
  for (const key of LISTS) {
    let list = doc.get(key, true);
    if (!isSeq(list)) {
      list = doc.createNode([]) as YAMLSeq;
      doc.set(key, list);
    }
    const seq = list as YAMLSeq;
    const index = seq.items.findIndex((item) => isMap(item) && nameOf(item as YAMLMap) === context);
    const node = doc.createNode(values[key]);
    if (index >= 0) seq.items[index] = node;
    else seq.items.push(node);
  }
  const current = doc.get('current-context');
  if (typeof current !== 'string' || current === '') doc.set('current-context', context);
  await writeFileAtomic(path, doc.toString({ lineWidth: 0 }));
  return { path, context };
}

/**
 * Removes the context and, when no other context uses them, its cluster and user; clears
 * current-context if it pointed there. Everything else stays byte for byte. A missing file or
 * entry is not an error.
 */
export async function removeKubeconfigContext(path: string, context: string): Promise<void> {
  if ((await readText(path)) === undefined) return;
  await withKubeconfigLock(path, async () => {
    const parsed = await readParsed(path);
    if (!parsed) return;
    const { doc, text } = parsed;
    const entry = find(doc, 'contexts', context);
    if (!entry) return;
    const inner = entry.get('context') as YAMLMap | undefined;
    const clusterName = String(inner?.get?.('cluster') ?? '');
    const userName = String(inner?.get?.('user') ?? '');
    const others = itemsOf(doc, 'contexts').filter((item) => item !== entry);
    const usedElsewhere = (field: 'cluster' | 'user', name: string) =>
      others.some((item) => String((item.get('context') as YAMLMap | undefined)?.get?.(field)) === name);
    const doomed: [ListKey, YAMLMap][] = [['contexts', entry]];
    const cluster = find(doc, 'clusters', clusterName);
    if (cluster && !usedElsewhere('cluster', clusterName)) doomed.push(['clusters', cluster]);
    const user = find(doc, 'users', userName);
    if (user && !usedElsewhere('user', userName)) doomed.push(['users', user]);

    const blockOnly = doomed.every(([key]) => {
      const list = doc.get(key, true);
      return isSeq(list) && !list.flow && itemPrefix(text, list) !== undefined;
    });
    if (!blockOnly) {
      for (const [key, item] of doomed) {
        const list = doc.get(key, true) as YAMLSeq;
        list.items = list.items.filter((candidate) => candidate !== item);
      }
      if (doc.get('current-context') === context) doc.set('current-context', '');
      await writeFileAtomic(path, doc.toString({ lineWidth: 0 }));
      return;
    }
    const edits: Edit[] = doomed.map(([, item]) => ({ ...itemLines(text, item), replacement: '' }));
    // A list left without items is written `[]`, as kubectl would, rather than null.
    for (const key of LISTS) {
      const list = doc.get(key, true) as YAMLSeq | undefined;
      if (!list || list.items.some((item) => !doomed.some(([, gone]) => gone === item))) continue;
      const pair = (doc.contents as YAMLMap).items.find(
        (item) => isScalar(item.key) && item.key.value === key,
      );
      const colon = text.indexOf(':', (pair!.key as Node).range![1]);
      edits.push({ start: colon + 1, end: colon + 1, replacement: ' []' });
    }
    const current = doc.get('current-context', true);
    if (isScalar(current) && current.value === context) {
      const [start, end] = current.range!;
      edits.push({ start, end, replacement: '""' });
    }
    await writeFileAtomic(path, applyEdits(text, edits));
  });
}

interface Edit {
  start: number;
  end: number;
  replacement: string;
}

/** Applied from the end of the text backwards, so earlier offsets stay valid. */
function applyEdits(text: string, edits: Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    result = result.slice(0, edit.start) + edit.replacement + result.slice(edit.end);
  }
  return result;
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text: string, offset: number) => {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
};

/** The `- ` (with its indentation) before a block list's items, or undefined for another layout. */
function itemPrefix(text: string, list: YAMLSeq): string | undefined {
  const first = list.items[0] as Node | undefined;
  if (!first?.range) return undefined;
  const prefix = text.slice(lineStart(text, first.range[0]), first.range[0]);
  return /^ *- +$/.test(prefix) ? prefix : undefined;
}

/** The whole lines an item of a block list takes, from its `- ` to the end of its last line. */
function itemLines(text: string, item: Node): { start: number; end: number } {
  const [start, valueEnd] = item.range!;
  const end = text[valueEnd - 1] === '\n' ? valueEnd : lineEnd(text, valueEnd);
  return { start: lineStart(text, start), end };
}

/** An item in block style under `prefix` (`- ` or `  - `). */
function renderItem(value: object, prefix: string): string {
  const lines = YAML.stringify(value, { lineWidth: 0 }).trimEnd().split('\n');
  const indent = ' '.repeat(prefix.length);
  return `${lines.map((line, index) => (index === 0 ? prefix : indent) + line).join('\n')}\n`;
}

/** The lines of a `key:` pair whose value is empty, so the key can be written again below. */
function removePair(text: string, doc: Document.Parsed, key: string): Edit {
  const pair = (doc.contents as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === key)!;
  const keyStart = (pair.key as Node).range![0];
  const value = pair.value as Node | null;
  const end = value?.range ? lineEnd(text, Math.max(value.range[1] - 1, keyStart)) : lineEnd(text, keyStart);
  return { start: lineStart(text, keyStart), end, replacement: '' };
}

/**
 * Holds kubectl's `<file>.lock` (created exclusively) around a read-modify-write of `path`. A lock
 * left by a process of this host that is gone is stale and taken over; another is waited for, up to
 * 30 s.
 */
async function withKubeconfigLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  return withLock(`${path}.lock`, `the kubeconfig ${path}`, 'a kubeconfig edit', work, {
    waitMs: LOCK_WAIT_MS,
  });
}

// Merges the cluster's context into the user's kubeconfig the way kubectl would, keeping every other
// cluster, user and context. kube-up named all three `aws_<cluster>`; so do we.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import YAML from 'yaml';

export interface KubeconfigEntry {
  /** `aws_<cluster>`: the name of the context, its cluster and its user. */
  context: string;
  /** `https://<Elastic IP>:443`. */
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

interface Named {
  name?: unknown;
  [key: string]: unknown;
}

interface Kubeconfig {
  apiVersion?: unknown;
  kind?: unknown;
  clusters?: Named[] | null;
  users?: Named[] | null;
  contexts?: Named[] | null;
  'current-context'?: unknown;
  preferences?: unknown;
  [key: string]: unknown;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function readKubeconfig(path: string): Promise<Kubeconfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed: unknown = YAML.parse(text);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${path} is not a kubeconfig (expected a YAML mapping)`);
  }
  return parsed as Kubeconfig;
}

async function writeKubeconfig(path: string, config: Kubeconfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, YAML.stringify(config), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  // rename keeps the new file's mode; chmod once more in case the path is a symlink's target.
  await chmod(path, 0o600);
}

function upsert(list: Named[] | null | undefined, entry: Named): Named[] {
  const items = Array.isArray(list) ? [...list] : [];
  const index = items.findIndex((item) => item?.name === entry.name);
  if (index >= 0) items[index] = entry;
  else items.push(entry);
  return items;
}

function without(list: Named[] | null | undefined, name: string): Named[] {
  return (Array.isArray(list) ? list : []).filter((item) => item?.name !== name);
}

/**
 * Adds or replaces the cluster, user and context named `entry.context`, keeps every other entry,
 * sets current-context only when the file had none, writes atomically with mode 0600.
 */
export async function mergeKubeconfig(path: string, entry: KubeconfigEntry): Promise<void> {
  const existing = (await readKubeconfig(path)) ?? {};
  const name = entry.context;
  const config: Kubeconfig = {
    ...existing,
    apiVersion: existing.apiVersion ?? 'v1',
    kind: existing.kind ?? 'Config',
    preferences: existing.preferences ?? {},
    clusters: upsert(existing.clusters, {
      name,
      cluster: { server: entry.server, 'certificate-authority-data': base64(entry.caPem) },
    }),
    users: upsert(existing.users, {
      name,
      user: { 'client-certificate-data': base64(entry.certPem), 'client-key-data': base64(entry.keyPem) },
    }),
    contexts: upsert(existing.contexts, { name, context: { cluster: name, user: name } }),
  };
  const current = existing['current-context'];
  config['current-context'] = typeof current === 'string' && current.length > 0 ? current : name;
  await writeKubeconfig(path, config);
}

/**
 * Removes the context, cluster and user named `context` (clearing current-context if it pointed
 * there); other entries stay. A missing file or entry is not an error.
 */
export async function removeKubeconfigContext(path: string, context: string): Promise<void> {
  const existing = await readKubeconfig(path);
  if (!existing) return;
  const config: Kubeconfig = {
    ...existing,
    clusters: without(existing.clusters, context),
    users: without(existing.users, context),
    contexts: without(existing.contexts, context),
  };
  if (existing['current-context'] === context) config['current-context'] = '';
  await writeKubeconfig(path, config);
}

/** Whether the kubeconfig at `path` has a context of that name (a missing file has none). */
export async function hasKubeconfigContext(path: string, context: string): Promise<boolean> {
  const existing = await readKubeconfig(path);
  return Boolean(existing?.contexts?.some((entry) => entry?.name === context));
}

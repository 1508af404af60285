// The cluster's secrets on the user's machine: `<clusterDir>/secrets/`, directory 0700, files 0600.
// A cluster keeps one CA for life: a rerun reuses it; only the bootstrap token (48 h) and the admin
// certificate (a year) are renewed when they run out.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../local/atomic-write.js';
import { clusterDir, safeClusterDir } from '../local/paths.js';
import { pathInside } from '../local/safe-path.js';
import {
  type BootstrapToken,
  caCertHash,
  certificateNotAfter,
  createAdminCert,
  createBootstrapToken,
  createCa,
  generateRsaKey,
} from './pki.js';

export interface ClusterSecrets {
  caCertPem: string;
  caKeyPem: string;
  adminCertPem: string;
  adminKeyPem: string;
  bootstrapToken: string;
  /** ISO 8601. */
  bootstrapTokenExpiresAt: string;
  /** `sha256:<hex>` of the CA's SubjectPublicKeyInfo. */
  caCertHash: string;
}

export interface SecretsOptions {
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/** A token with less left than this is replaced: the master and the first nodes must still join with it. */
export const TOKEN_RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;
/** The admin certificate is reissued this long before it expires. */
export const ADMIN_CERT_RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

const FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  adminCert: 'admin.crt',
  adminKey: 'admin.key',
  token: 'bootstrap-token.json',
} as const;

/** Where a cluster's secrets live, proven inside the config dir (see safeClusterDir). */
export async function safeSecretsDir(
  region: string,
  cluster: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return pathInside(await safeClusterDir(region, cluster, env), 'secrets');
}

/** Where a cluster's secrets live (for display; writes and removals use safeSecretsDir). */
export function secretsDir(region: string, cluster: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(clusterDir(region, cluster, env), 'secrets');
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function parseToken(text: string, path: string): BootstrapToken {
  const value = JSON.parse(text) as Partial<BootstrapToken>;
  if (typeof value.token !== 'string' || typeof value.expiresAt !== 'string') {
    throw new Error(`${path} is not a bootstrap token record`);
  }
  return { token: value.token, expiresAt: value.expiresAt };
}

function assemble(parts: {
  caCert: string;
  caKey: string;
  adminCert: string;
  adminKey: string;
  token: BootstrapToken;
}): ClusterSecrets {
  return {
    caCertPem: parts.caCert,
    caKeyPem: parts.caKey,
    adminCertPem: parts.adminCert,
    adminKeyPem: parts.adminKey,
    bootstrapToken: parts.token.token,
    bootstrapTokenExpiresAt: parts.token.expiresAt,
    caCertHash: caCertHash(parts.caCert),
  };
}

/**
 * The stored secrets, or undefined when the cluster has none yet. Writes nothing (for --dry-run).
 * Throws when the store is incomplete: a CA without its key cannot be repaired silently.
 */
export async function readSecrets(
  region: string,
  cluster: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ClusterSecrets | undefined> {
  const dir = await safeSecretsDir(region, cluster, env);
  const [caCert, caKey, adminCert, adminKey, tokenText] = await Promise.all(
    [FILES.caCert, FILES.caKey, FILES.adminCert, FILES.adminKey, FILES.token].map((name) =>
      readOptional(join(dir, name)),
    ),
  );
  const present = [caCert, caKey, adminCert, adminKey, tokenText].filter((part) => part !== undefined);
  if (present.length === 0) return undefined;
  if (!caCert || !caKey || !adminCert || !adminKey || !tokenText) {
    throw new Error(`The secrets in ${dir} are incomplete; restore them or remove the directory`);
  }
  return assemble({
    caCert,
    caKey,
    adminCert,
    adminKey,
    token: parseToken(tokenText, join(dir, FILES.token)),
  });
}

async function writePrivate(path: string, content: string): Promise<void> {
  // Beside the target, fsynced, then renamed: a kill never leaves half a key. A symlink planted in
  // the secrets directory is replaced, never written through.
  await writeFileAtomic(path, content, { mode: 0o600, throughSymlink: false });
}

async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700);
}

/** Makes a complete store in a temporary directory and renames it into place (a lost race keeps the winner's CA). */
async function createStore(dir: string, now: Date): Promise<void> {
  // Both keys at once, off the event loop; only the two signatures run on it.
  const [caKey, adminKey] = await Promise.all([generateRsaKey(), generateRsaKey()]);
  const ca = createCa(now, caKey);
  const admin = createAdminCert(ca, now, adminKey);
  const token = createBootstrapToken(now);
  const staging = `${dir}.${randomBytes(6).toString('hex')}.tmp`;
  await ensurePrivateDir(staging);
  await Promise.all([
    writePrivate(join(staging, FILES.caCert), ca.certPem),
    writePrivate(join(staging, FILES.caKey), ca.keyPem),
    writePrivate(join(staging, FILES.adminCert), admin.certPem),
    writePrivate(join(staging, FILES.adminKey), admin.keyPem),
    writePrivate(join(staging, FILES.token), `${JSON.stringify(token)}\n`),
  ]);
  try {
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
}

/**
 * The cluster's secrets, made on first use and reused afterwards (never a second CA for a cluster).
 * A bootstrap token with less than a day left is replaced (only the token), and so is an admin
 * certificate within 30 days of expiry (signed by the same CA).
 */
export async function loadOrCreateSecrets(
  region: string,
  cluster: string,
  options: SecretsOptions = {},
): Promise<ClusterSecrets> {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  const dir = await safeSecretsDir(region, cluster, env);
  await ensurePrivateDir(await safeClusterDir(region, cluster, env));

  let secrets = await readSecrets(region, cluster, env);
  if (!secrets) {
    await createStore(dir, now);
    secrets = await readSecrets(region, cluster, env);
    if (!secrets) throw new Error(`Could not create the secrets in ${dir}`);
  }
  await chmod(dir, 0o700);

  if (Date.parse(secrets.bootstrapTokenExpiresAt) - now.getTime() < TOKEN_RENEW_BEFORE_MS) {
    const token = createBootstrapToken(now);
    await writePrivate(join(dir, FILES.token), `${JSON.stringify(token)}\n`);
    secrets = { ...secrets, bootstrapToken: token.token, bootstrapTokenExpiresAt: token.expiresAt };
  }

  if (certificateNotAfter(secrets.adminCertPem).getTime() - now.getTime() < ADMIN_CERT_RENEW_BEFORE_MS) {
    const admin = createAdminCert(
      { certPem: secrets.caCertPem, keyPem: secrets.caKeyPem },
      now,
      await generateRsaKey(),
    );
    await writePrivate(join(dir, FILES.adminKey), admin.keyPem);
    await writePrivate(join(dir, FILES.adminCert), admin.certPem);
    secrets = { ...secrets, adminCertPem: admin.certPem, adminKeyPem: admin.keyPem };
  }
  return secrets;
}

/** Teardown: deletes the cluster's secrets (the rest of the cluster directory belongs to the state store). */
export async function removeSecrets(
  region: string,
  cluster: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  await rm(await safeSecretsDir(region, cluster, env), { recursive: true, force: true });
}

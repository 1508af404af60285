// The SSH key kube-up published as `kubernetes-<fingerprint>`: AWS_SSH_KEY (default
// ~/.ssh/kube_aws_rsa) and its `.pub`, generated like `ssh-keygen` would when absent.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import type { Stats } from 'node:fs';
import { link, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../model/exit.js';
import { temporaryPathFor, writeFileAtomic } from './atomic-write.js';
import { fileExists } from './paths.js';

export interface SshPublicKey {
  /** The private key's path. */
  path: string;
  /** The OpenSSH public key line ("ssh-rsa AAAA… comment"). */
  publicKey: string;
  /** The OpenSSH MD5 fingerprint as 32 hex digits (kube-up's `ssh-keygen -lf`, colons removed). */
  md5Fingerprint: string;
}

function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

// An SSH mpint is big-endian two's complement: a leading 0 keeps a high bit from meaning "negative".
function sshMpint(unsigned: Buffer): Buffer {
  let bytes = unsigned;
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  if (bytes[0] !== undefined && bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
}

/** The OpenSSH wire blob of a public key (RSA or Ed25519). */
export function publicKeyBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty === 'RSA' && jwk.e && jwk.n) {
    return Buffer.concat([
      sshString('ssh-rsa'),
      sshMpint(Buffer.from(jwk.e, 'base64url')),
      sshMpint(Buffer.from(jwk.n, 'base64url')),
    ]);
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x) {
    return Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.from(jwk.x, 'base64url'))]);
  }
  throw new UsageError('the SSH key must be RSA or Ed25519 (AWS imports nothing else kube-tui can use)');
}

export function md5FingerprintOfLine(publicKeyLine: string): string {
  const blob = publicKeyLine.trim().split(/\s+/)[1];
  if (!blob) throw new UsageError(`not an OpenSSH public key: ${publicKeyLine.slice(0, 40)}…`);
  return createHash('md5').update(Buffer.from(blob, 'base64')).digest('hex');
}

function toLine(key: KeyObject, comment: string): string {
  const blob = publicKeyBlob(key);
  const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString();
  return `${type} ${blob.toString('base64')} ${comment}`;
}

/** Key types EC2 imports (ImportKeyPair): RSA and Ed25519; ECDSA and DSA are refused. */
const EC2_KEY_TYPES = new Set(['ssh-rsa', 'ssh-ed25519']);

/** The sidecar that says "kube-tui generated this key" (so a damaged one may be replaced). */
export const markerPathOf = (path: string) => `${path}.kube-tui`;

function damagedKeyError(path: string, what: string): UsageError {
  return new UsageError(
    `--ssh-key ${path}: ${what}. kube-tui did not make this key, so it leaves it alone: restore it, point --ssh-key (AWS_SSH_KEY) at another key, or remove it to have a new one generated`,
  );
}

function checkKeyType(path: string, publicKeyLine: string): void {
  const type = publicKeyLine.trim().split(/\s+/)[0] ?? '';
  if (!EC2_KEY_TYPES.has(type)) {
    throw new UsageError(
      `--ssh-key ${path}: a ${type || 'unknown'} key; EC2 imports RSA and Ed25519 keys only (ssh-keygen -t ed25519 makes one)`,
    );
  }
}

/** The public half of a private key file: from `<path>.pub`, else derived from the private key. */
async function publicLineFor(path: string, pem: string): Promise<string> {
  if (await fileExists(`${path}.pub`)) return (await readFile(`${path}.pub`, 'utf8')).trim();
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    // OpenSSH's own private key format is not PEM; ssh-keygen can read it.
    try {
      return execFileSync('ssh-keygen', ['-y', '-f', path], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      throw new UsageError(`--ssh-key ${path}: cannot read its public key; put it next to it as ${path}.pub`);
    }
  }
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ed25519') {
    throw new UsageError(
      `--ssh-key ${path}: a${type === 'ec' ? 'n ECDSA' : ` ${type ?? 'unknown'}`} key; EC2 imports RSA and Ed25519 keys only (ssh-keygen -t ed25519 makes one)`,
    );
  }
  return toLine(key, 'kube-tui');
}

/** Whether the private key file looks whole: something with a PEM / OpenSSH private key block. */
function looksLikePrivateKey(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]+-----END [A-Z0-9 ]*PRIVATE KEY-----/.test(text);
}

type KeyFile = { state: 'absent' } | { state: 'ours-damaged' } | { state: 'whole'; pem: string };

async function inspect(path: string): Promise<KeyFile> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'absent' };
    if (code === 'ENOTDIR')
      throw new UsageError(`--ssh-key ${path}: a part of this path is a file, not a directory`);
    throw new UsageError(`--ssh-key ${path}: cannot be read (${code ?? String(error)})`);
  }
  if (info.isDirectory()) {
    throw new UsageError(
      `--ssh-key ${path}: a directory; give the path of a private key file (e.g. ~/.ssh/kube_aws_rsa)`,
    );
  }
  if (!info.isFile()) throw new UsageError(`--ssh-key ${path}: not a regular file`);
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--ssh-key ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  if (looksLikePrivateKey(pem)) return { state: 'whole', pem };
  if (await fileExists(markerPathOf(path))) return { state: 'ours-damaged' };
  throw damagedKeyError(path, pem.length === 0 ? 'the file is empty' : 'damaged: not a whole private key');
}

/**
 * Reads the key without creating anything (dry-run); undefined when there is no usable key yet (none,
 * or one kube-tui was generating when it was killed, which the real run replaces).
 */
export async function readSshKey(path: string): Promise<SshPublicKey | undefined> {
  const file = await inspect(path);
  if (file.state !== 'whole') return undefined;
  const publicKey = await publicLineFor(path, file.pem);
  checkKeyType(path, publicKey);
  return { path, publicKey, md5Fingerprint: md5FingerprintOfLine(publicKey) };
}

/** Moves a damaged key of ours aside, but only that very file (a key another run just made stays). */
async function setAsideDamaged(path: string): Promise<void> {
  const before = await stat(path).catch(() => undefined);
  if (!before) return;
  const aside = temporaryPathFor(path);
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await stat(aside).catch(() => undefined);
  if (moved && moved.ino !== before.ino) {
    // Another run replaced it between our look and our rename: its key goes back.
    await link(aside, path).catch(() => {});
  }
  await rm(aside, { force: true });
  await rm(`${path}.pub`, { force: true });
}

/**
 * Loads the key, or generates an RSA key pair as kube-up's ssh-keygen did (private file 0600). The
 * private key is written whole beside its place and linked in (a kill leaves no half key); when two
 * runs generate at once, the first link wins and the other uses the winner's key.
 */
export async function loadOrCreateSshKey(path: string): Promise<SshPublicKey & { generated: boolean }> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const file = await inspect(path);
    if (file.state === 'whole') {
      const existing = await readSshKey(path);
      if (existing) {
        // A run killed between our private key and its `.pub` left the key whole: finish its pair.
        if (!(await fileExists(`${path}.pub`)) && (await fileExists(markerPathOf(path)))) {
          await writeFileAtomic(`${path}.pub`, `${existing.publicKey}\n`, {
            mode: 0o644,
            throughSymlink: false,
          });
        }
        return { ...existing, generated: false };
      }
    }
    if (file.state === 'ours-damaged') await setAsideDamaged(path);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 3072 });
    const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const line = toLine(publicKey, 'kube-tui');
    // The marker first: a kill after it leaves at worst a marker without a key, which is harmless.
    await writeFileAtomic(markerPathOf(path), 'generated by kube-tui; a damaged key here may be replaced\n', {
      mode: 0o600,
      throughSymlink: false,
    });
    try {
      await writeFileAtomic(path, privatePem, { mode: 0o600, exclusive: true, throughSymlink: false });
    } catch (error) {
      // Another run generated it first: use the winner's key.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    await writeFileAtomic(`${path}.pub`, `${line}\n`, { mode: 0o644, throughSymlink: false });
    return { path, publicKey: line, md5Fingerprint: md5FingerprintOfLine(line), generated: true };
  }
  throw new Error(`--ssh-key ${path}: the key kept changing while kube-tui read it; run the command again`);
}

// The SSH key kube-up published as `kubernetes-<fingerprint>`: AWS_SSH_KEY (default
// ~/.ssh/kube_aws_rsa) and its `.pub`, generated like `ssh-keygen` would when absent.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { chmod, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from './exit.js';
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

/** The public half of a private key file: from `<path>.pub`, else derived from the private key. */
async function publicLineFor(path: string): Promise<string> {
  if (await fileExists(`${path}.pub`)) return (await readFile(`${path}.pub`, 'utf8')).trim();
  const pem = await readFile(path, 'utf8');
  try {
    return toLine(createPublicKey(pem), 'kube-tui');
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
}

/** Reads the key without creating anything (dry-run); undefined when the key does not exist yet. */
export async function readSshKey(path: string): Promise<SshPublicKey | undefined> {
  if (!(await fileExists(path))) return undefined;
  const publicKey = await publicLineFor(path);
  return { path, publicKey, md5Fingerprint: md5FingerprintOfLine(publicKey) };
}

/** Loads the key, or generates an RSA key pair as kube-up's ssh-keygen did (private file 0600). */
export async function loadOrCreateSshKey(path: string): Promise<SshPublicKey & { generated: boolean }> {
  const existing = await readSshKey(path);
  if (existing) return { ...existing, generated: false };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 3072 });
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  // 'wx': never overwrite a key another process wrote in the meantime.
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(privatePem);
  } finally {
    await handle.close();
  }
  await chmod(path, 0o600);
  const line = toLine(publicKey, 'kube-tui');
  const pubHandle = await open(`${path}.pub`, 'w', 0o644);
  try {
    await pubHandle.writeFile(`${line}\n`);
  } finally {
    await pubHandle.close();
  }
  return { path, publicKey: line, md5Fingerprint: md5FingerprintOfLine(line), generated: true };
}

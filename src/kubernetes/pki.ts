// The cluster's PKI, made locally before anything is uploaded (DESIGN.md section 6): a CA that
// kubeadm adopts instead of generating its own, the admin client certificate for the kubeconfig,
// a bootstrap token and the CA public-key hash that nodes pin when they join.
import {
  constants,
  createHash,
  generateKeyPair,
  generateKeyPairSync,
  privateEncrypt,
  randomBytes,
  randomInt,
  X509Certificate,
} from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export const CA_VALIDITY_YEARS = 10;
/** kubeadm's own client certificates last a year; ours are renewed by loadOrCreateSecrets. */
export const ADMIN_CERT_VALIDITY_DAYS = 365;
export const BOOTSTRAP_TOKEN_TTL_HOURS = 48;
export const BOOTSTRAP_TOKEN_PATTERN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
export const CA_COMMON_NAME = 'kubernetes';
export const ADMIN_COMMON_NAME = 'kubernetes-admin';
/** Since kubeadm 1.29 admin.conf carries this group, bound to cluster-admin (not system:masters). */
export const ADMIN_ORGANIZATION = 'kubeadm:cluster-admins';

// Certificates start a little in the past so a client or instance clock that lags still accepts them.
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface KeyPairPem {
  /** PKCS#1 "RSA PRIVATE KEY", as kubeadm writes its own keys. */
  keyPem: string;
  certPem: string;
}

/** A freshly generated RSA key: PKCS#1 private, SPKI public. */
export interface RsaKeyPem {
  privatePem: string;
  publicPem: string;
}

// RSA 2048 is kubeadm's default encryptionAlgorithm.
const RSA_OPTIONS = {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
} as const;

/**
 * Generates the key on libuv's thread pool. Each key takes 0.1 to 0.5 s of CPU; made synchronously
 * during provisioning, that stalled every AWS call in flight for as long (seen in the benchmark).
 */
export async function generateRsaKey(): Promise<RsaKeyPem> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', RSA_OPTIONS);
  return { privatePem: privateKey, publicPem: publicKey };
}

/** The same, blocking: for tests and fixtures. */
export function generateRsaKeySync(): RsaKeyPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', RSA_OPTIONS);
  return { privatePem: privateKey, publicPem: publicKey };
}

// DER of DigestInfo { AlgorithmIdentifier sha256, NULL }, OCTET STRING(32) (RFC 8017 section 9.2).
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * forge builds the certificate; OpenSSL (through Node) makes its RSASSA-PKCS1-v1_5 signature.
 * forge's own RSA is pure JavaScript: about 0.1 s per signature, blocking the event loop while
 * provisioning has AWS calls in flight. forge's `cert.sign` hands the key the finished SHA-256.
 */
function signWith(cert: forge.pki.Certificate, privatePem: string): void {
  const signer = {
    sign: (md: forge.md.MessageDigest): string => {
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      return privateEncrypt(
        { key: privatePem, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([SHA256_DIGEST_INFO, digest]),
      ).toString('binary');
    },
  };
  cert.sign(signer as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
}

/** A random positive serial (RFC 5280: at most 20 octets, non-negative). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/** The CA's subject key identifier (bytes), for the authority key identifier of what it signs. */
function caKeyId(caCert: forge.pki.Certificate): string {
  const extension = caCert.getExtension('subjectKeyIdentifier') as
    | { subjectKeyIdentifier?: string }
    | undefined;
  if (extension?.subjectKeyIdentifier) return forge.util.hexToBytes(extension.subjectKeyIdentifier);
  // RFC 5280 method 1: SHA-1 of the subjectPublicKey, as forge computes it for its own CAs.
  return forge.pki
    .getPublicKeyFingerprint(caCert.publicKey as forge.pki.PublicKey, { type: 'RSAPublicKey' })
    .getBytes();
}

/** The cluster CA: CN=kubernetes, CA:true, keyCertSign, valid ten years (its key made here unless given). */
export function createCa(now: Date = new Date(), key: RsaKeyPem = generateRsaKeySync()): KeyPairPem {
  const { privatePem, publicPem } = key;
  const publicKey = forge.pki.publicKeyFromPem(publicPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const notAfter = new Date(now.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_VALIDITY_YEARS);
  cert.validity.notAfter = notAfter;
  const name = [{ name: 'commonName', value: CA_COMMON_NAME }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', critical: true, keyCertSign: true, digitalSignature: true, keyEncipherment: true },
    // forge derives the identifier from the certificate's public key (RFC 5280 method 1).
    { name: 'subjectKeyIdentifier' },
  ]);
  signWith(cert, privatePem);
  return { keyPem: privatePem, certPem: forge.pki.certificateToPem(cert) };
}

/** The admin client certificate (CN=kubernetes-admin, O=kubeadm:cluster-admins, clientAuth), signed by the CA. */
export function createAdminCert(
  ca: KeyPairPem,
  now: Date = new Date(),
  key: RsaKeyPem = generateRsaKeySync(),
): KeyPairPem {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const { privatePem, publicPem } = key;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(now.getTime() + ADMIN_CERT_VALIDITY_DAYS * DAY_MS);
  cert.setSubject([
    { name: 'organizationName', value: ADMIN_ORGANIZATION },
    { name: 'commonName', value: ADMIN_COMMON_NAME },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'authorityKeyIdentifier', keyIdentifier: caKeyId(caCert) },
  ]);
  signWith(cert, ca.keyPem);
  return { keyPem: privatePem, certPem: forge.pki.certificateToPem(cert) };
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  let out = '';
  // randomInt draws from the CSPRNG without modulo bias.
  for (let i = 0; i < length; i++) out += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return out;
}

export interface BootstrapToken {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** A kubeadm bootstrap token `[a-z0-9]{6}.[a-z0-9]{16}` with its 48 h expiry. */
export function createBootstrapToken(now: Date = new Date()): BootstrapToken {
  return {
    token: `${randomToken(6)}.${randomToken(16)}`,
    expiresAt: new Date(now.getTime() + BOOTSTRAP_TOKEN_TTL_HOURS * 60 * 60 * 1000).toISOString(),
  };
}

/** `sha256:<hex>` over the DER SubjectPublicKeyInfo of the CA: kubeadm's discovery-token-ca-cert-hash. */
export function caCertHash(caCertPem: string): string {
  const spki = new X509Certificate(caCertPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** When a certificate stops being valid. */
export function certificateNotAfter(certPem: string): Date {
  return new Date(new X509Certificate(certPem).validTo);
}

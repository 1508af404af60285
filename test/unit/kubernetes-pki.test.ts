import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_TOKEN_PATTERN,
  caCertHash,
  createAdminCert,
  createBootstrapToken,
  createCa,
  type KeyPairPem,
} from '../../src/kubernetes/pki.js';

function openssl(args: string[], input?: Buffer | string): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

describe('cluster PKI', () => {
  // openssl verify checks validity against the real clock.
  const now = new Date();
  let ca: KeyPairPem;
  let admin: KeyPairPem;
  let dir: string;

  beforeAll(() => {
    ca = createCa(now);
    admin = createAdminCert(ca, now);
    dir = mkdtempSync(join(tmpdir(), 'kube-tui-pki-'));
    writeFileSync(join(dir, 'ca.crt'), ca.certPem);
    writeFileSync(join(dir, 'admin.crt'), admin.certPem);
  });

  it('makes a ten-year self-signed CA named kubernetes that may sign certificates', () => {
    const cert = new X509Certificate(ca.certPem);
    expect(cert.subject).toBe('CN=kubernetes');
    expect(cert.issuer).toBe('CN=kubernetes');
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    const years = (Date.parse(cert.validTo) - now.getTime()) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
    const text = openssl(['x509', '-noout', '-text', '-in', join(dir, 'ca.crt')]).toString();
    expect(text).toMatch(/CA:TRUE/);
    expect(text).toMatch(/Certificate Sign/);
    expect(ca.keyPem).toContain('BEGIN RSA PRIVATE KEY');
  });

  it('signs an admin client certificate that openssl verifies against the CA', () => {
    const output = openssl(['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'admin.crt')]).toString();
    expect(output.trim()).toBe(`${join(dir, 'admin.crt')}: OK`);
    // And only against its own CA.
    const other = createCa(now);
    writeFileSync(join(dir, 'other.crt'), other.certPem);
    expect(() => openssl(['verify', '-CAfile', join(dir, 'other.crt'), join(dir, 'admin.crt')])).toThrow();
  });

  it('gives the admin kubeadm:cluster-admins, CN=kubernetes-admin and clientAuth only', () => {
    const cert = new X509Certificate(admin.certPem);
    expect(cert.subject.split('\n')).toEqual(['O=kubeadm:cluster-admins', 'CN=kubernetes-admin']);
    expect(cert.ca).toBe(false);
    const text = openssl(['x509', '-noout', '-text', '-in', join(dir, 'admin.crt')]).toString();
    expect(text).toMatch(/TLS Web Client Authentication/);
    expect(text).not.toMatch(/TLS Web Server Authentication/);
    // The admin key belongs to the certificate.
    const certModulus = openssl(['x509', '-noout', '-modulus', '-in', join(dir, 'admin.crt')]).toString();
    const keyModulus = openssl(['rsa', '-noout', '-modulus'], admin.keyPem).toString();
    expect(keyModulus).toBe(certModulus);
  });

  it('hashes the CA public key exactly as kubeadm and openssl do', () => {
    const spki = openssl(['x509', '-pubkey', '-noout', '-in', join(dir, 'ca.crt')]);
    const der = openssl(['pkey', '-pubin', '-outform', 'der'], spki);
    const digest = execFileSync('sha256sum', { input: der }).toString().split(' ')[0];
    expect(caCertHash(ca.certPem)).toBe(`sha256:${digest}`);
    expect(caCertHash(ca.certPem)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('mints bootstrap tokens of the kubeadm form that live 48 hours', () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const token = createBootstrapToken(now);
      expect(token.token).toMatch(BOOTSTRAP_TOKEN_PATTERN);
      expect(token.token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
      expect(Date.parse(token.expiresAt) - now.getTime()).toBe(48 * 3600 * 1000);
      tokens.add(token.token);
    }
    expect(tokens.size).toBe(50);
  });
});

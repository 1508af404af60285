// The boot status objects' instance side: each role may write only its own status prefix, and the
// log tail the instance uploads is redacted and encoded as JSON by the library's own shell functions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { masterPolicy, nodePolicy } from '../../src/aws/iam-policies.js';
import { libScript } from '../../src/kubernetes/bootstrap/lib.js';
import { statusKey, statusPrefix } from '../../src/kubernetes/status.js';
import type { ResolvedConfig } from '../../src/model/plan.js';
import { baseConfig } from '../support/kubernetes.js';

const config = {
  ...baseConfig,
  zone: 'us-west-2a',
  image: 'ami-0123456789abcdef0',
  masterSize: 't3.medium',
  nodeSize: 't3.medium',
  nodes: 2,
  masterDiskType: 'gp3',
  masterDiskSize: 20,
  sshKey: '/root/.ssh/kube_aws_rsa',
  sshCidr: '203.0.113.7/32',
  apiCidr: '203.0.113.7/32',
} as ResolvedConfig;

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: string | string[];
}

function putResources(policy: string): string[] {
  const statements = (JSON.parse(policy) as { Statement: Statement[] }).Statement;
  return statements
    .filter((statement) => [statement.Action].flat().includes('s3:PutObject'))
    .flatMap((statement) => [statement.Resource].flat());
}

describe('boot status objects', () => {
  it('are keyed by role and instance id', () => {
    expect(statusKey('kubernetes', 'master', 'i-0123')).toBe('kubernetes/status/master/i-0123.json');
    expect(statusKey('kubernetes', 'node', 'i-0456')).toBe('kubernetes/status/nodes/i-0456.json');
  });

  it('may be written by each role only under its own prefix', () => {
    const bucket = `arn:aws:s3:::${config.bucket}`;
    expect(putResources(masterPolicy(config, '123456789012'))).toEqual([
      `${bucket}/kubernetes/nodes/token`,
      `${bucket}/${statusPrefix('kubernetes', 'master')}*`,
    ]);
    expect(putResources(nodePolicy(config, '123456789012'))).toEqual([
      `${bucket}/${statusPrefix('kubernetes', 'node')}*`,
    ]);
  });

  it('carry a log tail with secrets redacted, as JSON strings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-status-'));
    const lib = join(dir, 'lib.sh');
    writeFileSync(
      lib,
      libScript({ cluster: 'kubernetes', role: 'node', bucket: config.bucket, bucketRegion: 'us-west-2' }),
    );
    const lines = [
      'kubeadm join 172.20.0.9:443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:00',
      'using credentials AKIAIOSFODNN7EXAMPLE and ASIAXYZXYZXYZXYZXYZX',
      '-----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEA',
      'token: s3cr3t-value, password=hunter2 SecretAccessKey="wJalrXUtnFEMI/K7MDENG"',
      'a "quoted" line with a \\ backslash\tand a tab',
    ];
    writeFileSync(join(dir, 'log'), `${lines.join('\n')}\n`);
    const out = execFileSync(
      'bash',
      [
        '-c',
        `. "$1"; while IFS= read -r line; do json_string_value "$line"; echo; done < <(redact <"$2")`,
        'status',
        lib,
        join(dir, 'log'),
      ],
      { encoding: 'utf8' },
    );
    const decoded = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string);
    expect(decoded).toHaveLength(lines.length);
    const text = decoded.join('\n');
    for (const secret of [
      'abcdef.0123456789abcdef',
      'IOSFODNN7EXAMPLE',
      'XYZXYZXYZXYZXYZX',
      'PRIVATE KEY',
      'MIIEowIBAAKCAQEA',
      's3cr3t-value',
      'hunter2',
      'wJalrXUtnFEMI',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(decoded[0]).toContain('kubeadm join 172.20.0.9:443');
    expect(decoded[4]).toBe('a "quoted" line with a \\ backslash\tand a tab');
  });
});

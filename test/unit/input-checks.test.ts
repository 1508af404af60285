// Input that used to get through, or fail late with the wrong exit code.
import { describe, expect, it } from 'vitest';
import { validEndpoint } from '../../src/model/endpoint-check.js';
import { UsageError } from '../../src/model/exit.js';
import { optionsFromCli, resolveRegion, validateConfig } from '../../src/model/options.js';
import { userBucketFrom } from '../../src/state/teardown-screen.js';

const usage = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('input checks', () => {
  it.each(['1.10', '1.99', '1.33', '1.37'])(
    '--kubernetes-version %s is refused: only minors with packages and manifests',
    (version) => {
      expect(usage(() => optionsFromCli({ kubernetesVersion: version }, {}))).toMatch(
        new RegExp(
          `^--kubernetes-version ${version.replace('.', '\\.')}: expected one of 1\\.34, 1\\.35, 1\\.36`,
        ),
      );
    },
  );

  it.each(['1.34', '1.35', '1.36'])('--kubernetes-version %s is accepted', (version) => {
    expect(optionsFromCli({ kubernetesVersion: version }, {}).config.kubernetesVersion).toBe(version);
  });

  it('--region xx-fake-9 is refused naming the known regions', () => {
    const message = usage(() => resolveRegion('xx-fake-9', {}));
    expect(message).toMatch(/^--region xx-fake-9: not a known AWS region/);
    expect(message).toContain('us-east-1');
    expect(message).toContain('eu-west-1');
    expect(usage(() => optionsFromCli({ region: 'xx-fake-9' }, {}))).toMatch(/known AWS region/);
    expect(usage(() => optionsFromCli({ zone: 'xx-fake-9a' }, {}))).toMatch(/known AWS region/);
  });

  it("--ssh-cidr '' and --api-cidr '' are refused, not planned as 'SSH from ;'", () => {
    expect(usage(() => optionsFromCli({ sshCidr: '' }, {}))).toMatch(/^--ssh-cidr "": expected an IPv4 CIDR/);
    expect(usage(() => optionsFromCli({ apiCidr: ' ' }, {}))).toMatch(/^--api-cidr/);
  });

  it.each(['garbage', 'ftp://example.com', 'http://', '://x', 'http://exa mple.com', 'file:///etc/passwd'])(
    '--endpoint %j is refused with exit 2',
    (endpoint) => {
      expect(usage(() => validEndpoint(endpoint))).toMatch(
        /^--endpoint .*: expected an http:\/\/ or https:\/\/ URL/,
      );
    },
  );

  it('--endpoint accepts http and https URLs', () => {
    expect(validEndpoint('http://127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(validEndpoint('https://ec2.us-west-2.amazonaws.com')).toBe('https://ec2.us-west-2.amazonaws.com');
  });

  it('down --bucket UPPER_CASE is refused like up refuses it', () => {
    expect(usage(() => userBucketFrom({ bucket: 'UPPER_CASE' }, 'us-west-2', {}))).toMatch(
      /^--bucket UPPER_CASE: expected/,
    );
    expect(usage(() => userBucketFrom({}, 'us-west-2', { AWS_S3_BUCKET: 'a' }))).toMatch(
      /from AWS_S3_BUCKET/,
    );
    expect(
      usage(() => userBucketFrom({ bucket: 'fine-bucket', bucketRegion: 'xx-fake-9' }, 'us-west-2', {})),
    ).toMatch(/^--bucket-region xx-fake-9/);
  });

  it('validateConfig refuses an empty SSH CIDR given by the wizard', () => {
    const config = optionsFromCli({}, {}).config;
    expect(usage(() => validateConfig({ ...config, sshCidr: '' }))).toMatch(/--ssh-cidr/);
  });
});

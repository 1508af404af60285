// Every command kube-tui prints for pasting goes through one quoting: pasted into a shell, each gives
// back exactly the words it was built from, whatever a profile, endpoint, path or name holds.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type ClusterConfig, DEFAULT_CONFIG } from '../../src/model/config.js';
import { cleanupLaunch, clusterTeardownLaunch } from '../../src/state/teardown-screen.js';
import {
  cleanupCommand,
  downCommand,
  removeClusterCommand,
  rerunCommand,
  shellQuote,
  upCommand,
} from '../../src/wording/command-lines.js';

/** The words a POSIX shell reads from `line` after `kube-tui`. */
function wordsAsTheShellReadsThem(line: string): string[] {
  expect(line.startsWith('kube-tui ')).toBe(true);
  const shell = spawnSync('sh', ['-c', `printf '%s\\n' ${line.slice('kube-tui '.length)}`], {
    encoding: 'utf8',
  });
  if (shell.error) throw new Error(`sh is needed to read the commands back: ${shell.error.message}`);
  expect(shell.status, shell.stderr).toBe(0);
  return shell.stdout.split('\n').slice(0, -1);
}

const awkward = {
  profile: "team's dev profile",
  endpoint: 'http://127.0.0.1:5000/?a=1&b=$HOME',
};

describe('commands printed for the user', () => {
  it('quote a word only when the shell would change it', () => {
    expect(shellQuote('us-west-2')).toBe('us-west-2');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
    expect(shellQuote('')).toBe("''");
  });

  it('down, with the cluster, region, bucket, profile, endpoint and timeout, reads back word for word', () => {
    const line = downCommand({
      cluster: 'odd name',
      region: 'eu-west-1',
      bucket: { name: 'my.bucket', region: 'eu-west-1' },
      connection: awkward,
      timeout: '2.5',
      yes: true,
    });
    expect(wordsAsTheShellReadsThem(line)).toEqual([
      'down',
      '--cluster',
      'odd name',
      '--region',
      'eu-west-1',
      '--bucket',
      'my.bucket',
      '--bucket-region',
      'eu-west-1',
      '--profile',
      awkward.profile,
      '--endpoint',
      awkward.endpoint,
      '--timeout',
      '2.5',
      '--yes',
    ]);
  });

  it("the app's teardown and cleanup launches quote through the same builder", () => {
    const launch = clusterTeardownLaunch({ name: "o'brien cluster", region: 'us-east-1' }, {});
    expect(wordsAsTheShellReadsThem(launch.rerun)).toEqual([
      'down',
      '--cluster',
      "o'brien cluster",
      '--region',
      'us-east-1',
    ]);
    expect(wordsAsTheShellReadsThem(cleanupLaunch('us-east-1').rerun)).toEqual([
      'cleanup',
      '--orphans',
      '--region',
      'us-east-1',
    ]);
  });

  it('cleanup, remove and resume commands read back word for word', () => {
    expect(
      wordsAsTheShellReadsThem(cleanupCommand({ region: 'us-east-1', connection: awkward, yes: true })),
    ).toEqual([
      'cleanup',
      '--orphans',
      '--region',
      'us-east-1',
      '--profile',
      awkward.profile,
      '--endpoint',
      awkward.endpoint,
      '--yes',
    ]);
    const config: ClusterConfig = {
      ...DEFAULT_CONFIG,
      name: 'demo',
      sshKey: '/home/me/my keys/id rsa',
      bucket: 'my-bucket',
      bucketRegion: 'us-east-1',
    };
    expect(wordsAsTheShellReadsThem(removeClusterCommand(config, awkward, true))).toEqual([
      'down',
      '--cluster',
      'demo',
      '--region',
      'us-west-2',
      '--bucket',
      'my-bucket',
      '--bucket-region',
      'us-east-1',
      '--profile',
      awkward.profile,
      '--endpoint',
      awkward.endpoint,
    ]);
    const up = wordsAsTheShellReadsThem(upCommand(config, { HOME: '/home/me' }, awkward));
    expect(up.slice(0, 5)).toEqual(['up', '--cluster', 'demo', '--zone', 'us-west-2a']);
    expect(up).toContain('/home/me/my keys/id rsa');
    expect(up.slice(-4)).toEqual(['--profile', awkward.profile, '--endpoint', awkward.endpoint]);
    const argv = ['up', '--ssh-key', "~/it's here", '--yes'];
    expect(wordsAsTheShellReadsThem(rerunCommand(argv))).toEqual(argv);
  });
});

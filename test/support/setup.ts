// Runs before every test file: a throwaway HOME so nothing touches the user's ~/.ssh, ~/.kube or
// config directory, fake credentials, and no CI flag (Ink would print only the last frame).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'kube-tui-test-home-'));
process.env.HOME = home;
process.env.USERPROFILE = home;
process.env.XDG_CONFIG_HOME = join(home, '.config');
delete process.env.KUBECONFIG;
delete process.env.KUBE_TUI_CONFIG_DIR;
process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_MAX_ATTEMPTS = '3';
delete process.env.CI;
delete process.env.NO_COLOR;
process.env.FORCE_COLOR = '0';
// kube-up's environment variables must come from the test, never from the developer's shell.
for (const name of Object.keys(process.env)) {
  if (
    /^(KUBE_|MASTER_|MINION_|NODE_SIZE|NUM_|AWS_S3_|AWS_SSH_KEY|VPC_ID|SUBNET_ID|SSH_CIDR|HTTP_API_CIDR)/.test(
      name,
    )
  ) {
    delete process.env[name];
  }
}
